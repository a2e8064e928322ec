/** A small closed-loop load generator: `concurrency` workers POST until `durationMs` or `requests` is reached. */
export interface LoadResult {
  count: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  mean: number;
}

export async function load(opts: {
  concurrency: number;
  durationMs?: number;
  requests?: number;
  fire: () => Promise<boolean>;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let issued = 0;
  const started = performance.now();
  const deadline = started + (opts.durationMs ?? Number.POSITIVE_INFINITY);
  const budget = opts.requests ?? Number.POSITIVE_INFINITY;
  const worker = async () => {
    while (performance.now() < deadline && issued < budget) {
      issued++;
      const t0 = performance.now();
      const ok = await opts.fire().catch(() => false);
      latencies.push(performance.now() - t0);
      if (!ok) errors++;
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  return {
    count: latencies.length,
    errors,
    seconds,
    perSecond: latencies.length / seconds,
    p50: pct(50),
    p99: pct(99),
    mean: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
  };
}

export const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
