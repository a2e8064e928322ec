import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderAuditCard } from '../src/features/scans/audit-card';
import { renderLockoutCard } from '../src/features/scans/lockout-card';
import { loadConfig } from '../src/config';
import { scanTenant } from '../src/features/scans/enrolment-scan';
import { createLogger } from '../src/logger';
import { startBot } from '../src/start-bot';
import type { Benchmark } from './benchmarks';
import type { BenchStore } from './bench-store';
import { startSimulatorProcess } from './simulator-process';
import { NO_GRAPH_BUDGET, UNTHROTTLED_SIMULATOR } from './unthrottled';

const USERS = 100_000;
const LATENCY_MS = 20;
const REPORT_PAGE = 1000; // the simulator's default page for the registration report

/**
 * `audit` and `lockout` on a 100k-user tenant with 20 ms per Graph request. The simulator runs in its
 * own process so the bot's RSS is the bot's. Measured: the scan behind each card (Graph + tally + CSV +
 * card), requests made, wall time against the paging floor (report pages × latency), peak RSS growth.
 */
async function run(store: BenchStore): Promise<void> {
  // CPU and memory, not Microsoft's pace (that is `npm run bench -- helpdesk`): throttling off on both sides.
  const sim = await startSimulatorProcess({
    SIMULATOR_USERS: String(USERS),
    SIMULATOR_LATENCY_MS: String(LATENCY_MS),
    ...UNTHROTTLED_SIMULATOR,
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'mfa-bot-bench-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    GRAPH_BASE_URL: sim.baseUrl,
    GRAPH_AUTH: 'none',
    DATA_DIR: dataDir,
    ...store.env(),
    LOG_LEVEL: 'silent',
    ...NO_GRAPH_BUDGET,
  });
  const bot = await startBot({ config, logger: createLogger('silent') });
  const services = bot.services;
  try {
    const total = USERS + 20;
    const pages = Math.ceil(total / REPORT_PAGE);
    const floorMs = pages * LATENCY_MS;
    // Calibration: the bare page walk (no tally, no CSV) through the same gateway. The simulator spends
    // ~10 ms per 1000-row page rendering, serialising and encrypting, on top of the injected latency; this
    // shows how much of the wall time is paging itself and how much is the bot. It also warms the
    // simulator's lazily generated methods, so both commands below see the same simulator.
    global.gc?.();
    const startRss = process.memoryUsage().rss;
    let runPeak = startRss;
    const runSampler = setInterval(() => (runPeak = Math.max(runPeak, process.memoryUsage().rss)), 25);
    const bareStart = performance.now();
    let barePages = 0;
    for await (const _page of bot.graph.pages({ part: 'calibration', path: '/reports/authenticationMethods/userRegistrationDetails' }))
      barePages++;
    const bareMs = performance.now() - bareStart;
    process.stdout.write(
      `bare paging: ${barePages} pages in ${bareMs.toFixed(0)} ms (${(bareMs / barePages).toFixed(1)} ms/page: ${LATENCY_MS} ms latency + simulator service time)\n`,
    );
    for (const kind of ['audit', 'lockout'] as const) {
      // Warm-up on a throwaway scan would hide first-run costs; the figures are for a cold command.
      global.gc?.();
      const baseline = process.memoryUsage().rss;
      let peak = baseline;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
      const requestsBefore = bot.graph.requestCount;
      const started = performance.now();
      const scan = await scanTenant(services);
      const cardBytes = JSON.stringify(
        kind === 'audit' ? renderAuditCard({ scan, newHireDays: config.NEW_HIRE_DAYS }) : renderLockoutCard(scan, config.NEW_HIRE_DAYS),
      ).length;
      const wall = performance.now() - started;
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);
      const requests = bot.graph.requestCount - requestsBefore;
      const t = scan.tally;
      process.stdout.write(
        `${kind}: ${t.total} users (${t.notRegistered.count} not registered, ${t.atRisk.count} at risk), card ${(cardBytes / 1024).toFixed(1)} KB\n` +
          `  requests ${requests} = ${pages} report pages + ${requests - pages} (goal: pages + a small constant)\n` +
          `  wall ${wall.toFixed(0)} ms vs paging floor ${floorMs} ms (${pages} x ${LATENCY_MS} ms) = ${(wall / floorMs).toFixed(2)}x (goal <= 1.2x); vs bare paging ${(wall / bareMs).toFixed(2)}x\n` +
          `  peak RSS growth ${((peak - baseline) / 1048576).toFixed(1)} MB (goal < 100 MB; baseline ${(baseline / 1048576).toFixed(0)} MB)\n`,
      );
    }
    clearInterval(runSampler);
    process.stdout.write(
      `whole run (bare paging, audit with CSV, lockout): process RSS ${(startRss / 1048576).toFixed(0)} MB at start, ` +
        `${(runPeak / 1048576).toFixed(0)} MB at peak: +${((runPeak - startRss) / 1048576).toFixed(0)} MB (goal < 100 MB)\n`,
    );
  } finally {
    await bot.close();
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const auditBenchmark: Benchmark = {
  name: 'audit',
  description: `audit and lockout on ${USERS.toLocaleString('en-US')} users, ${LATENCY_MS} ms per Graph request`,
  run,
};
