import { randomBytes, randomUUID } from 'node:crypto';
import type { TickState } from '../../background/lease-loop';
import { LeasedWorker } from '../../background/leased-worker';
import type { Outbox, OutboxOutcome } from '../../delivery/outbox';
import type { OutboxWorker } from '../../delivery/outbox-worker';
import type { HealthIssue } from '../../domain/health-types';
import { matchesAny, type IdentityMatcher } from '../../domain/identity-services';
import type { ServiceHealth } from '../../ports/service-health';
import type { Logger } from '../../logger';
import type { EnqueuedProgress } from '../../ports/health-store';
import type { NewOutboxItem } from '../../ports/outbox-store';
import type { Store } from '../../ports/store';
import type { Clock } from '../../core/clock';
import type { KnownIncidents } from '../../ports/known-incidents';
import { hasNews, owedItems } from './incident-items';
import { subscriptionOfLane } from './incident-lanes';
import { hasRunbook } from './runbook-state';
import { mapLimit } from '../../core/map-limit';

export interface PollerOptions {
  serviceHealth: ServiceHealth;
  store: Store;
  /** Takes what the poller enqueues and sends it; a tick drains it before it reports. */
  outbox: Pick<Outbox, 'enqueue' | 'pausedLanes' | 'resumeLane'> & Pick<OutboxWorker, 'drain' | 'onOutcome'>;
  identity: IdentityMatcher;
  /** Told when new issue state is saved, so banners show it at once. */
  incidents: KnownIncidents;
  logger: Logger;
  /** Business now, and the timers of the loop. */
  clock: Clock;
  intervalMs: number;
  /** Who holds the lease; unique per process. */
  holder?: string;
  /** Re-read this much before the watermark: Graph's change times are not guaranteed to arrive in order. */
  overlapMs?: number;
  /** How far back the first poll (and delivery reconciliation) looks. */
  lookbackMs?: number;
}

export interface TickResult {
  role: 'leader' | 'standby' | 'stopped';
  fetched: number;
  /** Issue × conversation pairs whose items went out during this tick: all of them, some failing for now, paused (bot gone). */
  delivered: number;
  failed: number;
  deactivated: number;
  graphOk: boolean;
  /** When the tick ran (ISO), for /healthz. */
  at: string;
}

const LEASE = 'outage-poller';
/** Items enqueued per transaction. */
const ENQUEUE_BATCH = 500;

/**
 * Polls service health and works out what each subscribed conversation is owed, against a record of what it
 * has already enqueued; the outbox sends it. Only the lease holder polls; tick() never throws (each
 * conversation's failure is its own, in its own outbox lane); stop() waits for the tick in flight. A tick:
 * 1. lease, 2. read changes, 3. save them with the watermark, 4. enqueue what is owed, 5. drain.
 */
export class OutagePoller extends LeasedWorker<TickResult> {
  readonly holder: string;
  private readonly o: Required<Omit<PollerOptions, 'holder'>>;
  /** When the last tick finished, and the last result: for /healthz-style checks and the benchmark. */
  last: TickResult | undefined;

  constructor(opts: PollerOptions) {
    const holder = opts.holder ?? `poller-${randomUUID()}`;
    // Three intervals long: a holder that misses two polls is taken over.
    super(opts, { lease: LEASE, holder, leaseMs: Math.max(3 * opts.intervalMs, 30_000), intervalMs: opts.intervalMs });
    this.holder = holder;
    const given = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) as PollerOptions;
    this.o = { overlapMs: 10 * 60_000, lookbackMs: 7 * 24 * 3_600_000, ...given };
  }

  protected idle(role: 'standby' | 'stopped'): TickResult {
    return (this.last = this.blank(role));
  }

  private blank(role: TickResult['role']): TickResult {
    const at = new Date(this.o.clock.now()).toISOString();
    return { role, fetched: 0, delivered: 0, failed: 0, deactivated: 0, graphOk: true, at };
  }

  protected async work(tick: TickState): Promise<TickResult> {
    const result = this.blank('leader');
    const outcomes: OutboxOutcome[] = [];
    const off = this.o.outbox.onOutcome((o) => outcomes.push(o));
    try {
      await this.readChanges(result);
      await this.enqueueOwed(tick);
      await this.o.outbox.drain();
    } catch (error) {
      this.o.logger.error({ err: error }, 'outage poll failed; trying again next interval');
    } finally {
      off();
      Object.assign(result, tally(outcomes));
    }
    return (this.last = result);
  }

  private async readChanges(result: TickResult): Promise<void> {
    const { store, clock } = this.o;
    const watermark = await store.health.issues.watermark();
    const since = watermark ? new Date(Date.parse(watermark) - this.o.overlapMs) : new Date(clock.now() - this.o.lookbackMs);
    let issues: HealthIssue[];
    try {
      issues = await this.o.serviceHealth.listIssuesChangedSince(since.toISOString());
    } catch (error) {
      // Deliveries still owed from earlier polls go out below; the cursor stays where it was.
      result.graphOk = false;
      this.o.logger.warn({ err: error }, 'could not read service health; delivering what is already known');
      return;
    }
    result.fetched = issues.length;
    const newest = issues.reduce<string | undefined>((m, i) => (!m || i.lastModifiedDateTime > m ? i.lastModifiedDateTime : m), undefined);
    await store.health.issues.saveIssues(issues, newest, clock.now());
    this.o.incidents.forget();
    // When Graph last answered the poller: `health` says so when it has to answer from the stored issues.
    await store.snapshots.put('health', [{ key: 'polled', value: {}, at: clock.now(), expiresAt: Number.MAX_SAFE_INTEGER }]);
  }

  private async enqueueOwed(tick: TickState): Promise<void> {
    const { store, clock, identity, outbox } = this.o;
    const subs = await store.health.subscriptions.listActive();
    if (subs.length === 0) return;
    await this.resumeReturned(new Set(subs.map((s) => s.key)));
    const issues = await store.health.issues.issuesChangedSince(new Date(clock.now() - this.o.lookbackMs).toISOString());
    const items: NewOutboxItem[] = [];
    const records: EnqueuedProgress[] = [];
    for (const issue of issues) {
      const known = new Map(await store.health.progress.forIssue(issue.id));
      // After stop() nothing new is worked out; what was enqueued is safe either way.
      const owedTo = subs.filter((sub) => !tick.stopping && matchesAny(sub.targets, issue, identity) && hasNews(issue, known.get(sub.key)));
      // A new incident begins a record for every subscription at once: side by side, since on Table Storage
      // each is a round trip (1,000 channels one after another held the first post back by seconds).
      const fresh = owedTo.filter((sub) => !known.has(sub.key));
      const begun = await mapLimit(fresh, BEGIN_CONCURRENCY, (sub) => store.health.progress.begin(issue.id, sub.key, newSeries()));
      fresh.forEach((sub, n) => known.set(sub.key, begun[n]));
      for (const sub of owedTo) {
        const owed = owedItems(issue, sub, known.get(sub.key)!, { report: hasRunbook(issue, this.o.identity) });
        items.push(...owed.items);
        records.push(owed.next);
      }
    }
    // Enqueued first, recorded after: a crash in between enqueues the same keys again, which adds nothing.
    for (let i = 0; i < items.length; i += ENQUEUE_BATCH) await outbox.enqueue(items.slice(i, i + ENQUEUE_BATCH));
    if (records.length) await store.health.progress.save(records);
  }

  /**
   * A conversation's lane pauses when Teams says the bot is gone from it; once its subscription is active again
   * (the bot added back, or `subscribe` there) what it is owed goes out.
   */
  private async resumeReturned(active: Set<string>): Promise<void> {
    for (const lane of await this.o.outbox.pausedLanes()) {
      const key = subscriptionOfLane(lane);
      if (key && active.has(key)) await this.o.outbox.resumeLane(lane);
    }
  }
}

/** A record's series, part of its item keys (see EnqueuedProgress). */
const newSeries = () => randomBytes(4).toString('hex');

/** How many progress records begin at once. */
const BEGIN_CONCURRENCY = 16;

/** Outcomes of incident items during one tick, by issue and conversation. */
function tally(outcomes: OutboxOutcome[]): Pick<TickResult, 'delivered' | 'failed' | 'deactivated'> {
  const pairs = new Map<string, 'delivered' | 'failed' | 'deactivated'>();
  const rank = { delivered: 0, failed: 1, deactivated: 2 };
  for (const { item, outcome } of outcomes) {
    if (!item.kind.startsWith('incident.')) continue;
    const pair = `${item.group}|${item.lane}`;
    const now =
      outcome === 'sent' || outcome === 'dry-run'
        ? 'delivered'
        : outcome === 'retrying' || outcome === 'failed'
          ? 'failed'
          : outcome === 'paused' || outcome === 'gone'
            ? 'deactivated'
            : undefined;
    const was = pairs.get(pair);
    if (now && (!was || rank[now] > rank[was])) pairs.set(pair, now);
  }
  const out = { delivered: 0, failed: 0, deactivated: 0 };
  for (const v of pairs.values()) out[v]++;
  return out;
}
