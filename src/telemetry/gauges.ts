import type { Meter } from '@opentelemetry/api';

export interface GaugeSources {
  circuits(): Array<{ area: string; state: 'ok' | 'failing' | 'open' }>;
  tapRequests(): Promise<Record<string, number>>;
  outbox(): Promise<{ queued: number; oldestQueuedAt?: number; paused: number }>;
  now(): number;
}

const CIRCUIT_VALUE = { ok: 0, failing: 1, open: 2 } as const;

/**
 * Gauges read when metrics are collected (each export interval), never on a request's path: each Graph
 * area's circuit (0 ok, 1 failing, 2 open), TAP requests by status, the outbox's depth and oldest age.
 */
export function observeGauges(meter: Meter, sources: GaugeSources): void {
  const circuits = meter.createObservableGauge('mfa_bot.graph.circuit.state', {
    description: 'Each Graph area: 0 ok, 1 failing, 2 open (failing fast)',
  });
  circuits.addCallback((result) => {
    for (const a of sources.circuits()) result.observe(CIRCUIT_VALUE[a.state], { 'graph.area': a.area });
  });
  const taps = meter.createObservableGauge('mfa_bot.tap.requests', { description: 'TAP requests by status' });
  taps.addCallback(async (result) => {
    const counts = await sources.tapRequests().catch(() => undefined);
    for (const [status, n] of Object.entries(counts ?? {})) result.observe(n, { 'tap.status': status });
  });
  const depth = meter.createObservableGauge('mfa_bot.outbox.depth', {
    description: 'Outbox items still to go; paused: held for conversations the bot was removed from',
  });
  const age = meter.createObservableGauge('mfa_bot.outbox.oldest_age', { unit: 's', description: 'Age of the oldest item to go' });
  meter.addBatchObservableCallback(
    async (result) => {
      const b = await sources.outbox().catch(() => undefined);
      if (!b) return;
      result.observe(depth, b.queued, { 'outbox.lanes': 'active' });
      result.observe(depth, b.paused, { 'outbox.lanes': 'paused' });
      result.observe(age, b.oldestQueuedAt === undefined ? 0 : Math.max(0, Math.round((sources.now() - b.oldestQueuedAt) / 1000)));
    },
    [depth, age],
  );
}
