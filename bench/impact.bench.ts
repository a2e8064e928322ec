import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { CONTOSO } from '../src/simulator/seed/contoso';
import { limitFor } from '../src/simulator/throttling/documented-limits';
import { startBot } from '../src/start-bot';
import { messageActivity } from '../test/helpers/activities';
import { ConnectorStandIn } from '../test/helpers/connector-stand-in';
import type { Benchmark } from './benchmarks';
import type { BenchStore } from './bench-store';
import { startSimulatorProcess } from './simulator-process';

const USERS = Number(process.env.IMPACT_USERS ?? 2000);
const WINDOWS = (process.env.IMPACT_WINDOWS ?? ',60,240').split(',');
/** The reports bucket: 5 requests per 10 s per tenant; the first window's five go at once. */
const floorMs = (requests: number) => Math.max(0, Math.ceil(requests / 5) - 1) * 10_000;
/**
 * At scan priority the bot spaces its requests evenly, 8% wider than the bucket's 2 s average, so a lookup
 * never waits long for a slot (RequestBudget's scanSpacing): that many requests can't go faster than this.
 */
const pacedFloorMs = (requests: number) => Math.max(0, requests - 1) * 2_000 * 1.08;

/**
 * `impact` against the sign-in log of a tenant in an MFA outage, throttling on: for each window (since the incident
 * began, then the last hour, then four hours) the wall time from the command to the card, the sign-in log requests
 * it made, and the reports bucket's floor for that many requests (plus the comparison scan, which shares the bucket).
 */
async function run(store: BenchStore): Promise<void> {
  const sim = await startSimulatorProcess({ SIMULATOR_USERS: String(USERS) });
  const connector = await new ConnectorStandIn().start();
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    GRAPH_BASE_URL: sim.baseUrl,
    GRAPH_AUTH: 'none',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'mfa-bench-impact-')),
    ...store.env(),
    HELPDESK_GROUP_ID: CONTOSO.groups.helpdesk,
    LOG_LEVEL: 'silent',
  });
  const bot = await startBot({ config, logger: createLogger('silent'), poller: { start: false } });
  await sim.control('timeline/advance', {});
  await bot.poller.tick();
  const hank = { aadObjectId: CONTOSO.users.hank.id, name: 'Hank Helpdesk' };
  process.stdout.write(`${USERS} users, an MFA outage open for 12 minutes; reports bucket 5 requests / 10 s\n`);
  for (const minutes of WINDOWS) {
    await new Promise((r) => setTimeout(r, 10_000)); // each run starts with the bucket's window clear
    const before = ((await sim.control('calls')) as Array<{ path: string }>).length;
    const since = connector.calls.length;
    const conversationId = `a:impact-${minutes || 'incident'}`;
    const activity = messageActivity({
      text: `impact${minutes ? ` ${minutes}` : ''}`,
      from: hank,
      serviceUrl: connector.url,
      where: { kind: 'personal', conversationId },
    });
    const started = Date.now();
    await (
      await fetch(`${bot.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      })
    ).arrayBuffer();
    await connector.waitFor(
      (calls) =>
        calls
          .slice(since)
          .some(
            (c) =>
              c.conversationId === conversationId &&
              /Sign-in impact|sign-in logs/.test(JSON.stringify(c.body)) &&
              !/Reading the sign-in logs|Read \d|Checking/.test(String(c.body?.text ?? '')),
          ),
      600_000,
    );
    const wall = Date.now() - started;
    const calls = ((await sim.control('calls')) as Array<{ method: string; path: string }>).slice(before);
    const signIns = calls.filter((c) => c.path.startsWith('/auditLogs/signIns')).length;
    const reports = calls.filter((c) => limitFor(c.method, c.path)?.bucket === 'identity and access reports').length;
    const last = connector.calls
      .slice(since)
      .filter((c) => c.conversationId === conversationId)
      .pop();
    const blocked = /Blocked now \(distinct users\)","value":"(\d+)"/.exec(JSON.stringify(last?.body ?? ''))?.[1] ?? '?';
    process.stdout.write(
      `impact ${minutes || '(since the incident)'}: ${blocked} blocked; ${(wall / 1000).toFixed(1)} s; ${signIns} sign-in log requests, ` +
        `${reports} in the reports bucket with the scan; bucket floor ${(floorMs(reports) / 1000).toFixed(0)} s, ` +
        `paced floor ${(pacedFloorMs(reports) / 1000).toFixed(1)} s = ${(wall / Math.max(1, pacedFloorMs(reports))).toFixed(2)}x\n`,
    );
  }
  const refused = (await sim.control('throttle')) as { refused: Record<string, number> };
  process.stdout.write(`simulator refused: ${JSON.stringify(refused.refused)}\n`);
  await bot.close();
  await connector.close();
  await sim.close();
}

export const impactBenchmark: Benchmark = {
  name: 'impact',
  description:
    'impact on a 2,000-user tenant in an MFA outage, throttling on: wall time against the reports bucket floor (IMPACT_USERS, IMPACT_WINDOWS)',
  run,
};
