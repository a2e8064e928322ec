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
import { startEchoBot } from './echo-bot';
import { fmt, load, type LoadResult } from './load';
import type { Benchmark } from './benchmarks';

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
  `${name.padEnd(28)} ${r.perSecond.toFixed(0).padStart(6)} req/s   p50 ${fmt(r.p50).padStart(9)}   p99 ${fmt(r.p99).padStart(9)}   (${r.count} requests, ${r.errors} errors)`;

async function run(): Promise<void> {
  const sim = await startSimulatorProcess({ SIMULATOR_USERS: '2000' });
  const connector = await startQuietConnector();
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    GRAPH_BASE_URL: sim.baseUrl,
    GRAPH_AUTH: 'none',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'mfa-bench-')),
    HELPDESK_GROUP_ID: CONTOSO.groups.helpdesk,
    LOG_LEVEL: 'silent',
  });
  const bot = await startBot({ config, logger: createLogger('silent') });
  const echo = await startEchoBot();
  const status = poster(bot.url, 'status alice', connector.url);
  const echoFire = poster(echo.url, 'status alice', connector.url);

  // Warm up JIT, connection pools and the bot's caches (helpdesk membership, CA policies).
  await load({ concurrency: 4, requests: 200, fire: status });
  await load({ concurrency: 4, requests: 200, fire: echoFire });

  process.stdout.write(
    'Simulated Graph latency 0 ms. The simulator runs in its own process; bot, connector and load generator share this one (2 cores in all).\n',
  );
  const seqEcho = await load({ concurrency: 1, requests: 300, fire: echoFire });
  const seqStatus = await load({ concurrency: 1, requests: 300, fire: status });
  const parEcho = await load({ concurrency: 10, durationMs: 5000, fire: echoFire });
  const parStatus = await load({ concurrency: 10, durationMs: 5000, fire: status });
  process.stdout.write(`${line('echo bot, 1 at a time', seqEcho)}\n${line('status alice, 1 at a time', seqStatus)}\n`);
  process.stdout.write(`${line('echo bot, 10 concurrent', parEcho)}\n${line('status alice, 10 concurrent', parStatus)}\n`);
  process.stdout.write(
    `ratio status/echo: p50 ${(seqStatus.p50 / seqEcho.p50).toFixed(2)}x, p99 ${(seqStatus.p99 / seqEcho.p99).toFixed(2)}x (sequential); ` +
      `throughput ${(parEcho.perSecond / parStatus.perSecond).toFixed(2)}x (goal ≤ 1.3x)\n`,
  );

  await sim.control('latency', { ms: 100 });
  await load({ concurrency: 1, requests: 3, fire: status });
  const slow = await load({ concurrency: 1, requests: 20, fire: status });
  const floor = 2 * 100;
  process.stdout.write(
    `With 100 ms Graph latency: status p50 ${fmt(slow.p50)}, p99 ${fmt(slow.p99)} against the 2-round-trip floor of ${floor} ms: ` +
      `${(slow.p50 / floor).toFixed(2)}x at p50 (goal ≤ 1.25x)\n`,
  );

  await bot.close();
  await echo.close();
  await connector.close();
  await sim.close();
}

export const statusBenchmark: Benchmark = { name: 'status', description: '`status <user>` end to end vs a bare botbuilder echo bot', run };
