import type { Config } from '../config';
import type { Clock } from '../core/clock';
import type { Outbox } from '../delivery/outbox';
import type { TickResult } from '../features/incidents/outage-poller';
import type { Store } from '../ports/store';

/** What /healthz reads of the Graph gateway (structurally: only the composition root imports graph/). */
export interface GraphHealth {
  readonly lastOutcome?: unknown;
  readonly circuits: { states(): ReadonlyArray<{ state: string }> };
}

export interface HealthSources {
  config: Config;
  store: Pick<Store, 'ping'>;
  graph: GraphHealth;
  poller: { readonly last: TickResult | undefined };
  outbox: Pick<Outbox, 'backlog'>;
  /** Business now, for the outbox's oldest age. */
  clock: Pick<Clock, 'now'>;
  /** Uptime is counted on this clock from `startedAt`. */
  time: Pick<Clock, 'now'>;
  startedAt: number;
}

/** The body of GET /healthz: the bot's own parts, each Graph area on its own, the last poll and the outbox. */
export function healthReport(s: HealthSources): () => Promise<Record<string, unknown>> {
  return async () => {
    const areas = s.graph.circuits.states();
    const last = s.poller.last;
    return {
      // Seconds since start.
      uptime: Math.round((s.time.now() - s.startedAt) / 1000),
      storage: { ok: await s.store.ping() },
      graph: s.graph.lastOutcome ?? { ok: null, note: 'no Graph call yet' },
      // Each area on its own: the poller's successes must not hide an identity outage.
      graphAreas: areas,
      degraded: areas.some((a) => a.state !== 'ok'),
      lastPoll: last ? { at: last.at, role: last.role, graphOk: last.graphOk } : { note: 'no poll yet' },
      auth: s.config.authEnabled ? 'enabled' : 'disabled (loopback only)',
      outbox: await outboxHealth(s),
    };
  };
}

/** Depth and age of what is still to go (paused lanes apart: a conversation the bot was removed from waits there). */
async function outboxHealth(s: HealthSources) {
  const b = await s.outbox.backlog();
  return {
    queued: b.queued,
    oldestQueuedAgeSeconds: b.oldestQueuedAt === undefined ? 0 : Math.max(0, Math.round((s.clock.now() - b.oldestQueuedAt) / 1000)),
    paused: b.paused,
    dryRun: s.config.DELIVERY_DRY_RUN,
  };
}
