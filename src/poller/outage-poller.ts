import { randomUUID } from 'node:crypto';
import type { PacedSender } from '../delivery/paced-sender';
import type { HealthIssue } from '../domain/health-types';
import { matchesAny, type IdentityMatcher } from '../domain/identity-services';
import type { ServiceHealth } from '../ports/service-health';
import type { Logger } from '../logger';
import type { Delivery, HealthSubscription } from '../ports/health-store';
import { NotifyError, type Notifier } from '../ports/notifier';
import type { Store } from '../ports/store';
import type { Clock } from '../core/clock';
import { deliverIssue, needsDelivery } from './deliver-issue';

export interface PollerOptions {
  serviceHealth: ServiceHealth;
  store: Store;
  notifier: Notifier;
  sender: PacedSender;
  identity: IdentityMatcher;
  logger: Logger;
  clock: Clock;
  intervalMs: number;
  /** Who holds the lease and the delivery claims; unique per process. */
  holder?: string;
  /** Deliveries in flight at once (pacing still applies). */
  concurrency?: number;
  /** Re-read this much before the watermark: Graph's change times are not guaranteed to arrive in order. */
  overlapMs?: number;
  /** How far back the first poll (and delivery reconciliation) looks. */
  lookbackMs?: number;
}

export interface TickResult {
  role: 'leader' | 'standby' | 'stopped';
  fetched: number;
  delivered: number;
  failed: number;
  deactivated: number;
  graphOk: boolean;
}

const LEASE = 'outage-poller';
/** A delivery that keeps failing is retried ever less often, up to this gap, and never given up. */
const MAX_BACKOFF_MS = 60 * 60_000;

/**
 * Polls service health and brings every subscribed conversation up to date. Only the lease holder polls;
 * tick() never throws (each conversation's failure is its own); stop() waits for the tick in flight.
 */
export class OutagePoller {
  readonly holder: string;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopping = false;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly o: Required<Omit<PollerOptions, 'holder'>>;
  /** When the last tick finished, and the last result: for /healthz-style checks and the benchmark. */
  last: TickResult | undefined;

  constructor(opts: PollerOptions) {
    this.holder = opts.holder ?? `poller-${randomUUID()}`;
    const given = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) as PollerOptions;
    this.o = { concurrency: 32, overlapMs: 10 * 60_000, lookbackMs: 7 * 24 * 3_600_000, ...given };
  }

  private get leaseMs(): number {
    return Math.max(3 * this.o.intervalMs, 30_000);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = false;
    const loop = (delay: number) => {
      this.timer = setTimeout(() => {
        void this.tick().then(() => {
          if (this.running) loop(this.o.intervalMs);
        });
      }, delay);
    };
    loop(0);
  }

  /** Stops polling, waits for the tick in flight (its sends and records), releases the lease. */
  async stop(): Promise<void> {
    this.running = false;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    await this.chain;
    await this.o.store.leases.release(LEASE, this.holder).catch(() => undefined);
  }

  /** One poll: 1. lease, 2. read changes, 3. save them with the watermark, 4. deliver. Serialised; never throws. */
  tick(): Promise<TickResult> {
    const next = this.chain.then(() => this.runTick());
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async runTick(): Promise<TickResult> {
    const result: TickResult = { role: 'standby', fetched: 0, delivered: 0, failed: 0, deactivated: 0, graphOk: true };
    try {
      const { store, clock } = this.o;
      if (!(await store.leases.tryAcquire(LEASE, this.holder, this.leaseMs, clock.now()))) return (this.last = result);
      result.role = 'leader';
      const renew = setInterval(
        () => void store.leases.tryAcquire(LEASE, this.holder, this.leaseMs, clock.now()).catch(() => undefined),
        this.leaseMs / 3,
      );
      try {
        await this.readChanges(result);
        await this.deliverAll(result);
      } finally {
        clearInterval(renew);
      }
    } catch (error) {
      this.o.logger.error({ err: error }, 'outage poll failed; trying again next interval');
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
  }

  private async deliverAll(result: TickResult): Promise<void> {
    const { store, clock, identity } = this.o;
    const subs = await store.health.subscriptions.listActive();
    if (subs.length === 0) return;
    const issues = await store.health.issues.issuesChangedSince(new Date(clock.now() - this.o.lookbackMs).toISOString());
    const work: Array<{ issue: HealthIssue; sub: HealthSubscription }> = [];
    for (const issue of issues) {
      const deliveries = await store.health.deliveries.forIssue(issue.id);
      for (const sub of subs) {
        const d = deliveries.get(sub.key);
        if ((d?.retryAt ?? 0) > clock.now()) continue;
        if (matchesAny(sub.targets, issue, identity) && needsDelivery(issue, d)) work.push({ issue, sub });
      }
    }
    const gone = new Set<string>();
    let next = 0;
    const worker = async () => {
      // After stop() no new delivery starts; the ones in flight finish and are recorded.
      while (!this.stopping) {
        const item = work[next++];
        if (!item) return;
        if (gone.has(item.sub.key)) continue;
        const outcome = await this.deliverOne(item.issue, item.sub);
        if (outcome === 'delivered') result.delivered++;
        if (outcome === 'failed') result.failed++;
        if (outcome === 'gone') {
          gone.add(item.sub.key);
          result.deactivated++;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.o.concurrency, work.length) }, worker));
  }

  /** One issue to one conversation, isolated: whatever happens here stays here. */
  private async deliverOne(issue: HealthIssue, sub: HealthSubscription): Promise<'delivered' | 'skipped' | 'failed' | 'gone'> {
    const { store, clock, logger } = this.o;
    let claimed: Delivery | undefined;
    try {
      claimed = await store.health.deliveries.claim(issue.id, sub.key, this.holder, clock.now() + 5 * 60_000, clock.now());
      if (!claimed || !needsDelivery(issue, claimed)) return 'skipped';
      await deliverIssue(issue, sub, claimed, {
        notifier: this.o.notifier,
        sender: this.o.sender,
        store: store.health,
        logger,
        holder: this.holder,
      });
      return 'delivered';
    } catch (error) {
      if (error instanceof NotifyError && error.goneForGood) {
        await store.health.subscriptions.setActive({ key: sub.key }, false, `${error.status} ${error.code}`, clock.now());
        logger.warn(
          { subscription: sub.key, kind: sub.kind, status: error.status, code: error.code },
          'the bot is no longer in this conversation; subscription deactivated until it is added back',
        );
        return 'gone';
      }
      const latest = (await store.health.deliveries.forIssue(issue.id)).get(sub.key);
      // Teams answered, so the send did not happen: no "maybe sent" note for the next attempt.
      const answered = error instanceof NotifyError && error.status !== undefined;
      const failures = (latest?.failures ?? 0) + 1;
      const retryAt = clock.now() + Math.min(MAX_BACKOFF_MS, this.o.intervalMs * (2 ** (failures - 1) - 1));
      if (latest)
        await store.health.deliveries.save({ ...latest, failures, retryAt, pending: answered ? undefined : latest.pending }, this.holder);
      logger.error(
        { err: error, issue: issue.id, subscription: sub.key, failures, retryAt: new Date(retryAt).toISOString() },
        'could not deliver an outage update; will retry',
      );
      return 'failed';
    } finally {
      if (claimed) await store.health.deliveries.release(issue.id, sub.key, this.holder).catch(() => undefined);
    }
  }
}
