import { randomUUID } from 'node:crypto';
import { LeaseLoop, type TickState } from '../background/lease-loop';
import type { Clock } from '../core/clock';
import { InFlight } from '../core/in-flight';
import type { Logger } from '../logger';
import type { Notifier } from '../ports/notifier';
import type { NewOutboxItem, OutboxCounts, OutboxError, OutboxItem, OutboxStore } from '../ports/outbox-store';
import type { LeaseStore, Store } from '../ports/store';
import { Telemetry } from '../telemetry/telemetry';
import { ClaimKeeper, CLAIM_MS } from './claim-keeper';
import { deliverItem, type DeliveryContext } from './deliver-item';
import { runPass } from './lane-scheduler';
import type { Outbox, OutboxKinds, OutboxOutcome, Pacing, SendOutcome } from './outbox';
import type { PacedSender } from './paced-sender';
import { leftForLater, sendNow } from './send-now';

export interface OutboxWorkerOptions {
  store: OutboxStore;
  leases: LeaseStore;
  notifier: Notifier;
  sender: PacedSender;
  logger: Logger;
  /** Business now for what is stored, and the timers of the loop and the claims. */
  clock: Clock;
  /** DELIVERY_DRY_RUN: log what would be sent, mark it dry-run, call nothing. */
  dryRun?: boolean;
  /** Who holds the lease and the claims; unique per process. */
  holder?: string;
  /** Lanes sent to at once (pacing still applies). */
  concurrency?: number;
  /** How often the lease holder looks for due items (a fresh enqueue kicks it at once). */
  intervalMs?: number;
  random?: () => number;
  /** A span and a count per delivery; off by default. */
  telemetry?: Telemetry;
}

export interface DrainResult {
  role: 'leader' | 'standby' | 'stopped';
}

const LEASE = 'outbox';
/** Claims last as long as the lease, so a dead holder's passes and items are both free again within it. */
const LEASE_MS = CLAIM_MS;
/**
 * How long stop() waits for sendNow's sends in flight (their claims renewed meanwhile), and how long sendNow's
 * items keep the claim they were inserted with.
 */
const DRAIN_MS = 10 * 60_000;

/**
 * Drains the outbox: the lease holder (one instance at a time; another takes over when it dies) takes the due
 * head of each lane (lane-scheduler.ts), renders it with its kind's builder and sends it through the paced sender
 * (deliver-item.ts). Exactly once per key: a claim (compare-and-set) before, a durable "sending" note right before
 * the send, the result right after. The one gap: a crash after Teams accepted a message and before the store
 * recorded it sends that message again once its claim has expired (logged as a possible duplicate); stop() waits
 * for sends in flight, so a graceful stop never hits it. Claims in hand are renewed (claim-keeper.ts), so after a
 * crash the next lease holder takes the dead holder's items within CLAIM_MS (30 s), not ten minutes later.
 */
export class OutboxWorker implements Outbox {
  readonly holder: string;
  /** Outcomes by kind, for operators, tests and the benchmark. */
  readonly stats: Record<string, Partial<Record<SendOutcome, number>>> = {};
  private kinds: OutboxKinds = {};
  private readonly listeners = new Set<(o: OutboxOutcome) => void>();
  private readonly inFlight: InFlight;
  private readonly claims: ClaimKeeper;
  private readonly loop: LeaseLoop<DrainResult>;
  private readonly delivery: DeliveryContext;
  private readonly concurrency: number;

  constructor(private readonly o: OutboxWorkerOptions) {
    this.holder = o.holder ?? `outbox-${randomUUID()}`;
    this.concurrency = o.concurrency ?? 32;
    this.inFlight = new InFlight(o.clock);
    this.claims = new ClaimKeeper(o.store, this.holder, o.clock, o.logger);
    this.delivery = {
      store: o.store,
      holder: this.holder,
      notifier: o.notifier,
      sender: o.sender,
      logger: o.logger,
      clock: o.clock,
      dryRun: o.dryRun ?? false,
      random: o.random ?? Math.random,
      kindOf: (name) => this.kinds[name],
      finish: (item, outcome, error) => this.emit(item, outcome, error),
    };
    this.loop = new LeaseLoop<DrainResult>({
      lease: LEASE,
      holder: this.holder,
      leases: o.leases,
      leaseMs: LEASE_MS,
      intervalMs: o.intervalMs ?? 1_000,
      clock: o.clock,
      logger: o.logger,
      work: (tick) => this.pass(tick),
      idle: (role) => ({ role }),
    });
  }

  /** The builders, by kind; called by the composition root. */
  register(kinds: OutboxKinds): void {
    this.kinds = { ...this.kinds, ...kinds };
  }

  /** Every outcome, as it happens (the poller counts its own from these). */
  onOutcome(listener: (o: OutboxOutcome) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    this.loop.start();
  }

  /** Something was enqueued: look now instead of at the next interval. */
  kick(): void {
    this.loop.kick();
  }

  /** Stops taking items, waits for the pass and the sends in flight (and their records), releases the lease. */
  async stop(): Promise<void> {
    await this.loop.stop();
    await this.inFlight.drain(DRAIN_MS);
  }

  /** One pass over everything due, if this instance holds the lease. Serialised with the worker's own passes. */
  drain(): Promise<DrainResult> {
    return this.loop.tick();
  }

  async enqueue(items: NewOutboxItem[]): Promise<string[]> {
    const added = await this.o.store.enqueue(items, this.o.clock.now());
    if (added.length) this.kick();
    return added;
  }

  sendNow(items: NewOutboxItem[]): Promise<Map<string, SendOutcome>> {
    const sent = sendNow(items, {
      store: this.o.store,
      holder: this.holder,
      clock: this.o.clock,
      claims: this.claims,
      holdMs: DRAIN_MS,
      stopping: () => this.loop.stopping,
      deliver: (item) => this.process(item),
    }).then((outcomes) => {
      if (leftForLater(outcomes)) this.kick();
      return outcomes;
    });
    return this.inFlight.track(sent);
  }

  direct<T>(pacing: Pacing, send: () => Promise<T>): Promise<T> {
    return this.o.sender.send(pacing, send);
  }

  get(key: string): Promise<OutboxItem | undefined> {
    return this.o.store.get(key);
  }

  counts(group: string): Promise<OutboxCounts> {
    return this.o.store.counts(group);
  }

  pausedLanes(): Promise<string[]> {
    return this.o.store.pausedLanes();
  }

  async resumeLane(lane: string): Promise<void> {
    await this.o.store.resumeLane(lane);
    this.kick();
  }

  backlog(): ReturnType<OutboxStore['backlog']> {
    return this.o.store.backlog();
  }

  private async pass(tick: TickState): Promise<DrainResult> {
    await runPass({
      store: this.o.store,
      now: () => this.o.clock.now(),
      concurrency: this.concurrency,
      live: () => tick.live,
      take: async (item) => {
        const claimed = await this.claims.claim(item.key);
        if (claimed) await this.process(claimed);
      },
    });
    return { role: 'leader' };
  }

  /** One claimed item, its claim kept while it is in hand, under a span of its own. */
  private process(item: OutboxItem): Promise<SendOutcome> {
    const facts = { kind: item.kind, target: item.to.kind, attempts: item.attempts };
    const telemetry = this.o.telemetry ?? Telemetry.off;
    return this.claims.keep(item.key, () => telemetry.delivery(facts, () => deliverItem(item, this.delivery)));
  }

  private emit(item: OutboxItem, outcome: SendOutcome, error?: OutboxError): SendOutcome {
    const byKind = (this.stats[item.kind] ??= {});
    byKind[outcome] = (byKind[outcome] ?? 0) + 1;
    for (const listener of this.listeners) listener({ item, outcome, error });
    return outcome;
  }
}

/** The worker over a whole store: the composition root hands it the store, and only delivery/ reads its outbox. */
export function createOutboxWorker(
  store: Pick<Store, 'outbox' | 'leases'>,
  o: Omit<OutboxWorkerOptions, 'store' | 'leases'>,
): OutboxWorker {
  return new OutboxWorker({ ...o, store: store.outbox, leases: store.leases });
}
