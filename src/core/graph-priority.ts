import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who is waiting for a Graph call decides how it queues for Graph's throttling buckets: a helpdesk agent
 * looking someone up first, then TAP decisions, then tenant-wide scans, then background work (polling,
 * retries). Work declares its priority once, around everything it calls, instead of threading it
 * through every port: `atPriority('scan', () => scanTenant(...))`. `fallback` is for a single read that has a
 * copy to fall back on and must not hold up a running scan: it queues behind the scans, ahead of background work.
 */
export type GraphPriority = 'interactive' | 'decision' | 'scan' | 'background' | 'fallback';

const current = new AsyncLocalStorage<GraphPriority>();

export function atPriority<T>(priority: GraphPriority, work: () => T): T {
  return current.run(priority, work);
}

/** The priority of the work in progress; a turn that declared nothing is someone waiting: interactive. */
export function graphPriority(): GraphPriority {
  return current.getStore() ?? 'interactive';
}
