import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { createSimulator } from '../src/simulator/create-simulator';
import { CONTOSO } from '../src/simulator/seed/contoso';
import { startBot } from '../src/start-bot';
import type { Benchmark } from './benchmarks';
import type { BenchStore } from './bench-store';
import { startRateLimitedConnector, type RecordedCall } from './rate-limited-connector';

const CHANNELS = Number(process.env.FANOUT_CHANNELS ?? 1000);
const POLL_SECONDS = Number(process.env.FANOUT_POLL_SECONDS ?? 5);
const TENANT_RPS = 50;

const until = async (done: () => boolean, timeoutMs: number) => {
  const start = Date.now();
  while (!done()) {
    if (Date.now() - start > timeoutMs) throw new Error('fan-out did not finish in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

/**
 * 1,000 subscribed channels, the connector enforcing Teams' limits. Phase 1: the incident opens (one new
 * thread per channel). Phase 2: one update (a thread reply and an in-place card update per channel).
 */
async function run(store: BenchStore): Promise<void> {
  const sim = await createSimulator({ tlsDir: process.env.SIMULATOR_TLS_DIR, generatedUsers: 10 });
  const connector = await startRateLimitedConnector();
  const dataDir = mkdtempSync(join(tmpdir(), 'mfa-bot-fanout-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    GRAPH_BASE_URL: sim.baseUrl,
    GRAPH_AUTH: 'none',
    DATA_DIR: dataDir,
    ...store.env(),
    LOG_LEVEL: 'warn',
    POLL_INTERVAL_SECONDS: String(POLL_SECONDS),
  });
  const bot = await startBot({ config, logger: createLogger('warn'), poller: { start: false } });
  const channels = Array.from({ length: CHANNELS }, (_, n) => `19:bench-${n}@thread.tacv2`);
  // Subscriptions go straight into the store: posting 1,000 `subscribe` commands would spend the same rate limit.
  for (const channelId of channels) {
    await bot.services.store.health.subscriptions.addTarget(
      {
        key: channelId,
        kind: 'channel',
        tenantId: CONTOSO.tenantId,
        serviceUrl: connector.url,
        conversationId: `${channelId};messageid=1`,
        teamId: '19:team@thread.tacv2',
        channelId,
        reference: {
          channelId: 'msteams',
          serviceUrl: connector.url,
          conversation: { id: `${channelId};messageid=1`, isGroup: true, conversationType: 'channel', tenantId: CONTOSO.tenantId },
          bot: { id: '28:bench', name: 'mfa-bot' },
        },
      },
      { kind: 'identity' },
      Date.now(),
    );
  }
  bot.poller.start();
  await until(() => bot.poller.last !== undefined, 10_000); // first poll done: the baseline

  const phase = async (name: string, kinds: RecordedCall['kind'][], perChannel: number) => {
    const from = connector.calls.length;
    const changedAt = Date.now();
    sim.timeline.advance();
    const mine = () => connector.calls.slice(from).filter((c) => kinds.includes(c.kind));
    const ok = () => mine().filter((c) => c.status < 300);
    await until(() => ok().length >= CHANNELS * perChannel, 10 * 60_000);
    await new Promise((r) => setTimeout(r, (POLL_SECONDS + 1) * 1000)); // one more poll: would it post anything again?
    const calls = mine();
    const accepted = calls.filter((c) => c.status < 300);
    const perChannelCount = new Map<string, number>();
    for (const c of accepted) perChannelCount.set(`${c.channel}/${c.kind}`, (perChannelCount.get(`${c.channel}/${c.kind}`) ?? 0) + 1);
    let delivered = 0;
    let duplicates = 0;
    let lost = 0;
    for (const ch of channels) {
      for (const k of kinds) {
        const n = perChannelCount.get(`${ch}/${k}`) ?? 0;
        if (n === 0) lost++;
        else delivered++;
        if (n > 1) duplicates += n - 1;
      }
    }
    const first = accepted[0].at;
    const last = accepted[accepted.length - 1].at;
    const floorMs = ((CHANNELS * perChannel - TENANT_RPS) / TENANT_RPS) * 1000; // the first 50 may go in the first instant
    const tookMs = last - first;
    process.stdout.write(
      [
        `${name}: ${CHANNELS} channels × ${perChannel} call(s)`,
        `  delivered ${delivered} / ${CHANNELS * kinds.length}   lost ${lost}   duplicates ${duplicates}   429s ${calls.length - accepted.length}`,
        `  fan-out time ${(tookMs / 1000).toFixed(1)} s vs rate-limit floor ${(floorMs / 1000).toFixed(1)} s = ${(tookMs / floorMs).toFixed(3)}× (goal ≤ 1.1×)`,
        `  detection latency (change → first post) ${((first - changedAt) / 1000).toFixed(2)} s vs poll interval ${POLL_SECONDS} s (goal ≤ ${POLL_SECONDS + 5} s)`,
        '',
      ].join('\n'),
    );
  };

  await phase('incident opens (new thread per channel)', ['thread'], 1);
  await phase('one incident update (reply + card update per channel)', ['reply', 'update'], 2);

  await bot.close();
  await connector.close();
  await sim.close();
  rmSync(dataDir, { recursive: true, force: true });
}

export const fanoutBenchmark: Benchmark = {
  name: 'fanout',
  description: `one incident to ${CHANNELS} subscribed channels under Teams' rate limits (FANOUT_CHANNELS, FANOUT_POLL_SECONDS)`,
  run,
};
