import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { startBot } from '../src/start-bot';
import { startSimulatorProcess } from './simulator-process';
import { CONTOSO } from '../src/simulator/seed/contoso';
import { startMinimalBot } from './minimal-bot';
import { NO_GRAPH_BUDGET, UNTHROTTLED_SIMULATOR } from './unthrottled';
import { fmt, load, type LoadResult } from './load';
import type { Benchmark } from './benchmarks';
import type { BenchStore } from './bench-store';

/** A connector that answers replies at once, so the bots' own cost is what is measured. */
async function startQuietConnector() {
  let seq = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `act-${++seq}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

function activity(text: string, serviceUrl: string, n: number) {
  return JSON.stringify({
    type: 'message',
    id: `m-${n}`,
    serviceUrl,
    channelId: 'msteams',
    from: { id: `29:${CONTOSO.users.hank.id}`, aadObjectId: CONTOSO.users.hank.id, name: 'Hank' },
    recipient: { id: '28:bot', name: 'mfa-bot' },
    conversation: { id: 'a:bench', conversationType: 'personal', tenantId: CONTOSO.tenantId },
    channelData: { tenant: { id: CONTOSO.tenantId } },
    text,
  });
}

function poster(url: string, text: string, serviceUrl: string) {
  let n = 0;
  return async () => {
    const res = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: activity(text, serviceUrl, ++n),
    });
    await res.arrayBuffer();
    return res.status === 200;
  };
}

const line = (name: string, r: LoadResult) =>
  `${name.padEnd(40)} ${r.perSecond.toFixed(0).padStart(6)} req/s   p50 ${fmt(r.p50).padStart(9)}   p99 ${fmt(r.p99).padStart(9)}   (${r.count} requests, ${r.errors} errors)`;

/**
 * `status` against the practical floor (bench/minimal-bot.ts: teams-ai + the Graph client, search the user,
 * read their methods, reply with a small card), side by side at 1 and 10 clients; then the latency a helpdesk
 * agent sees with 100 ms per Graph round trip.
 */
async function run(store: BenchStore): Promise<void> {
  const sim = await startSimulatorProcess({ SIMULATOR_USERS: '2000', ...UNTHROTTLED_SIMULATOR });
  const connector = await startQuietConnector();
  const configFor = (storeEnv: Record<string, string>) =>
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      GRAPH_BASE_URL: sim.baseUrl,
      GRAPH_AUTH: 'none',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'mfa-bench-')),
      ...storeEnv,
      HELPDESK_GROUP_ID: CONTOSO.groups.helpdesk,
      LOG_LEVEL: 'silent',
      ...NO_GRAPH_BUDGET,
    });
  const bot = await startBot({ config: configFor(store.env()), logger: createLogger('silent') });
  // On the table backend a SQLite bot runs beside it, measured right after it in each round: the machine's noise
  // (shared cores) falls on both, so the table/SQLite ratio is the store's cost and not the neighbours'.
  const sqliteBot = store.kind === 'table' ? await startBot({ config: configFor({}), logger: createLogger('silent') }) : undefined;
  const minimal = await startMinimalBot(sim.baseUrl);
  const bySearch = poster(bot.url, 'status alice', connector.url);
  const byName = poster(bot.url, 'status alice@contoso.example', connector.url);
  const floor = poster(minimal.url, 'status alice', connector.url);
  const sqliteSearch = sqliteBot && poster(sqliteBot.url, 'status alice', connector.url);
  const sqliteName = sqliteBot && poster(sqliteBot.url, 'status alice@contoso.example', connector.url);

  // Warm up JIT, connection pools and the bot's caches (helpdesk membership, CA policies).
  for (const fire of [bySearch, byName, floor, sqliteSearch, sqliteName]) if (fire) await load({ concurrency: 4, requests: 200, fire });

  process.stdout.write(
    'Throttling off (simulator and budget), Graph latency 0 ms. The simulator runs in its own process; bots, connector and load generator share this one (2 cores in all).\n',
  );
  for (const concurrency of [1, 10]) {
    const opts = concurrency === 1 ? { concurrency, requests: 400 } : { concurrency, durationMs: 6000 };
    const m = await load({ ...opts, fire: floor });
    const s = await load({ ...opts, fire: bySearch });
    const e = await load({ ...opts, fire: byName });
    process.stdout.write(
      `${line(`minimal bot, ${concurrency} client(s)`, m)}\n${line(`status alice (search + $batch)`, s)}\n${line(`status alice@contoso.example ($batch)`, e)}\n`,
    );
    for (const [name, r] of [
      ['search', s],
      ['exact', e],
    ] as const) {
      process.stdout.write(
        `  ${name} vs minimal at ${concurrency}: p50 ${(r.p50 / m.p50).toFixed(2)}x, p99 ${(r.p99 / m.p99).toFixed(2)}x (goal ≤ 1.2x), throughput ${(r.perSecond / m.perSecond).toFixed(2)}x (goal ≥ 0.85x)\n`,
      );
    }
    if (sqliteSearch && sqliteName) {
      const s0 = await load({ ...opts, fire: sqliteSearch });
      const e0 = await load({ ...opts, fire: sqliteName });
      process.stdout.write(`${line(`  same on SQLite: status alice`, s0)}\n${line(`  same on SQLite: status alice@…`, e0)}\n`);
      for (const [name, r, r0] of [
        ['search', s, s0],
        ['exact', e, e0],
      ] as const) {
        process.stdout.write(
          `  ${name} table vs SQLite at ${concurrency}: p50 ${(r.p50 / r0.p50).toFixed(2)}x (goal ≤ 1.2x), p99 ${(r.p99 / r0.p99).toFixed(2)}x, throughput ${(r.perSecond / r0.perSecond).toFixed(2)}x\n`,
        );
      }
    }
  }

  await sim.control('latency', { ms: 100 });
  for (const fire of [byName, bySearch]) await load({ concurrency: 1, requests: 3, fire });
  const exact = await load({ concurrency: 1, requests: 20, fire: byName });
  const search = await load({ concurrency: 1, requests: 20, fire: bySearch });
  process.stdout.write(
    `With 100 ms Graph latency, one client: exact sign-in name p50 ${fmt(exact.p50)} (goal ≤ 125 ms, one round trip), ` +
      `search term p50 ${fmt(search.p50)} (goal ≤ 250 ms)\n`,
  );

  await bot.close();
  await sqliteBot?.close();
  await minimal.close();
  await connector.close();
  await sim.close();
}

export const statusBenchmark: Benchmark = {
  name: 'status',
  description: '`status <user>` end to end vs a minimal teams-ai + Graph bot, throttling off; then with 100 ms Graph latency',
  run,
};
