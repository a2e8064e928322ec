import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock';
import type { Reply } from '../core/reply';
import { InFlight } from '../core/in-flight';
import type { Logger } from '../logger';
import { NotifyError, type Notifier } from '../ports/notifier';
import type { NewOutboxItem, OutboxError, OutboxItem, OutboxResult, OutboxState, OutboxStore } from '../ports/outbox-store';
import type { LeaseStore } from '../ports/store';
import { retryDelayMs } from './backoff';
import { classifyFailure } from './classify-failure';
import type { Outbox, OutboxKind, OutboxKinds, OutboxOutcome, Pacing, SendOutcome } from './outbox';
import type { PacedSender } from './paced-sender';
import { resolveTarget } from './resolve-target';
import { sendToTarget } from './send-to-target';
import { Telemetry } from '../telemetry/telemetry';

export interface OutboxWorkerOptions {
  store: OutboxStore;
  leases: LeaseStore;
  notifier: Notifier;
  sender: PacedSender;
  logger: Logger;
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
const LEASE_MS = 30_000;
/**
 * A claim lasts as long as the lease and is renewed as often, for as long as its holder has the item in hand
 * (however long the paced send and its retries take); one that outlives its holder is a crash to recover, so a
 * crashed holder's items are free again within this much, not after the longest send it might have been in.
 */
const CLAIM_MS = LEASE_MS;
const RENEW_MS = LEASE_MS / 3;
/**
 * How long stop() waits for sends in flight (their claims renewed meanwhile), and how long sendNow's items keep
 * the claim they were inserted with: one queued behind another of its lane can't be claimed again (renewed) until
 * it is the lane's head, and until then nobody, this worker's own passes included, may take it.
 */
const DRAIN_MS = 10 * 60_000;
/** An item following one that hasn't gone out yet looks again this much later. */
const WAIT_MS = 1_000;
const BATCH = 256;
const PLACEHOLDER: OutboxResult = { activityId: 'dry-run', ref: {} };

/**
 * Drains the outbox: the lease holder (one instance at a time; another takes over when it dies) takes the due
 * head of each lane, renders it with its kind's builder and sends it through the paced sender, a bounded number
 * of lanes at once. Exactly once per key: a claim (compare-and-set) before, a durable "sending" note right before
 * the send, the result right after. The one gap: a crash after Teams accepted a message and before the store
 * recorded it sends that message again once its claim has expired (logged as a possible duplicate); stop() waits
 * for sends in flight, so a graceful stop never hits it. Claims in hand are renewed with the lease, so after a
 * crash the next lease holder takes the dead holder's items within CLAIM_MS (30 s), not ten minutes later.
 */
export class OutboxWorker implements Outbox {
  readonly holder: string;
  /** Outcomes by kind, for operators, tests and the benchmark. */
  readonly stats: Record<string, Partial<Record<SendOutcome, number>>> = {};
  private kinds: OutboxKinds = {};
  private readonly listeners = new Set<(o: OutboxOutcome) => void>();
  private readonly inFlight = new InFlight();
  /** Items this worker has claimed and not yet finished with, their claims renewed every RENEW_MS. */
  private readonly held = new Set<string>();
  private renewing: NodeJS.Timeout | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopping = false;
  private passing = false;
  private again = false;
  private readonly concurrency: number;
  private readonly intervalMs: number;
  private readonly random: () => number;

  constructor(private readonly o: OutboxWorkerOptions) {
    this.holder = o.holder ?? `outbox-${randomUUID()}`;
    this.concurrency = o.concurrency ?? 32;
    this.intervalMs = o.intervalMs ?? 1_000;
    this.random = o.random ?? Math.random;
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
    if (this.running) return;
    this.running = true;
    this.stopping = false;
    this.schedule(0);
  }

  /** Something was enqueued: look now instead of at the next interval. */
  kick(): void {
    if (!this.running || this.stopping) return;
    if (this.passing) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.schedule(0);
  }

  /** Stops taking items, waits for the sends in flight (and their records), releases the lease. */
  async stop(): Promise<void> {
    this.running = false;
    this.stopping = true;
    clearTimeout(this.timer);
    await this.chain;
    await this.inFlight.drain(DRAIN_MS);
    await this.o.leases.release(LEASE, this.holder).catch(() => undefined);
  }

  /** One pass over everything due, if this instance holds the lease. Serialised with the worker's own passes. */
  drain(): Promise<DrainResult> {
    const next = this.chain.then(() => this.pass());
    this.chain = next.catch(() => undefined);
    return next;
  }

  async enqueue(items: NewOutboxItem[]): Promise<string[]> {
    const added = await this.o.store.enqueue(items, this.o.clock.now());
    if (added.length) this.kick();
    return added;
  }

  sendNow(items: NewOutboxItem[]): Promise<Map<string, SendOutcome>> {
    return this.inFlight.track(this.sendEach(items));
  }

  direct<T>(pacing: Pacing, send: () => Promise<T>): Promise<T> {
    return this.o.sender.send(pacing, send);
  }

  private schedule(delay: number): void {
    this.timer = setTimeout(() => {
      this.passing = true;
      void this.drain()
        .catch(() => undefined)
        .finally(() => {
          this.passing = false;
          if (!this.running) return;
          const again = this.again;
          this.again = false;
          this.schedule(again ? 0 : this.intervalMs);
        });
    }, delay);
  }

  private async sendEach(items: NewOutboxItem[]): Promise<Map<string, SendOutcome>> {
    const { store, clock } = this.o;
    const out = new Map<string, SendOutcome>();
    const now = clock.now();
    // Claimed as they are inserted, so no worker (here or on another instance) can take them first.
    const added = new Set(await store.enqueue(items, now, { holder: this.holder, until: now + DRAIN_MS }));
    const lanes = new Map<string, NewOutboxItem[]>();
    for (const i of items) lanes.set(i.lane, [...(lanes.get(i.lane) ?? []), i]);
    await Promise.all(
      [...lanes.values()].map(async (laneItems) => {
        for (const i of laneItems) {
          if (!added.has(i.key)) {
            out.set(i.key, outcomeOfState((await store.get(i.key))?.state));
            continue;
          }
          const t = clock.now();
          // Only a lane's head may go: an earlier item of this lane still queued goes first (the worker's job).
          const claimed = this.stopping ? undefined : await store.claim(i.key, this.holder, t + CLAIM_MS, t);
          if (!claimed) {
            await store.release(i.key, this.holder);
            out.set(i.key, 'queued');
            continue;
          }
          out.set(i.key, await this.process(claimed));
        }
      }),
    );
    if ([...out.values()].some((o) => o === 'queued' || o === 'retrying' || o === 'waiting')) this.kick();
    return out;
  }

  private async pass(): Promise<DrainResult> {
    if (this.stopping) return { role: 'stopped' };
    const { store, leases, clock } = this.o;
    const acquire = () => leases.tryAcquire(LEASE, this.holder, LEASE_MS, clock.now()).catch(() => false);
    if (!(await acquire())) return { role: 'standby' };
    let leader = true;
    const renew = setInterval(() => void acquire().then((ok) => (leader = ok)), LEASE_MS / 3);
    const go = () => leader && !this.stopping;
    // Each item is tried at most once per pass: one that failed waits for a later pass (its backoff).
    const tried = new Set<string>();
    const busy = new Set<string>();
    let queue: OutboxItem[] = [];
    let refilling: Promise<void> | undefined;
    let completions = 0;
    let wake = () => {};
    let woken = new Promise<void>((r) => (wake = r));
    const refill = async () => {
      for (let limit = BATCH; ; limit *= 4) {
        const due = await store.due(clock.now(), limit);
        queue = due.filter((i) => !tried.has(i.key) && !busy.has(i.lane));
        if (queue.length || due.length < limit) return;
      }
    };
    const slot = async () => {
      while (go()) {
        const item = queue.shift();
        if (item) {
          if (busy.has(item.lane) || tried.has(item.key)) continue;
          busy.add(item.lane);
          tried.add(item.key);
          try {
            const t = clock.now();
            const claimed = await store.claim(item.key, this.holder, t + CLAIM_MS, t);
            if (claimed) await this.process(claimed);
          } finally {
            busy.delete(item.lane);
            completions++;
            const w = wake;
            woken = new Promise<void>((r) => (wake = r));
            w();
          }
          continue;
        }
        const before = completions;
        await (refilling ??= refill().finally(() => (refilling = undefined)));
        if (queue.length || completions !== before) continue;
        // Nothing due that is not in flight: done, unless a lane in flight frees its next item.
        if (busy.size === 0) return;
        await woken;
      }
    };
    try {
      await Promise.all(Array.from({ length: this.concurrency }, slot));
    } finally {
      clearInterval(renew);
    }
    return { role: 'leader' };
  }

  private async process(item: OutboxItem): Promise<SendOutcome> {
    const facts = { kind: item.kind, target: item.to.kind, attempts: item.attempts };
    this.hold(item.key);
    try {
      return await (this.o.telemetry ?? Telemetry.off).delivery(facts, () => this.deliver(item));
    } finally {
      this.letGo(item.key);
    }
  }

  private hold(key: string): void {
    this.held.add(key);
    if (this.renewing) return;
    this.renewing = setInterval(() => void this.renewClaims(), RENEW_MS);
    this.renewing.unref?.();
  }

  private letGo(key: string): void {
    this.held.delete(key);
    if (this.held.size || !this.renewing) return;
    clearInterval(this.renewing);
    this.renewing = undefined;
  }

  /**
   * Claims again what is still in hand (the same holder may, any time). An item that went meanwhile is no longer
   * open and isn't claimed again; one this worker already let go is skipped. A renewal that fails leaves the claim
   * to run out: another holder may then take the item, as after a crash.
   */
  private async renewClaims(): Promise<void> {
    const { store, clock, logger } = this.o;
    await Promise.all(
      [...this.held].map(async (key) => {
        const now = clock.now();
        const renewed = await store.claim(key, this.holder, now + CLAIM_MS, now).catch(() => undefined);
        if (!renewed && this.held.has(key)) logger.debug({ key }, 'could not renew the claim on an outbox item in hand');
      }),
    );
  }

  /** One claimed item: resolve its target, build it, note "sending", send, record. Never throws. */
  private async deliver(item: OutboxItem): Promise<SendOutcome> {
    const { store, clock, logger } = this.o;
    const facts = { key: item.key, kind: item.kind, lane: item.lane };
    const finish = (outcome: SendOutcome, error?: OutboxError) => this.emit(item, outcome, error);
    try {
      const kind = this.kinds[item.kind];
      if (!kind) {
        logger.error(facts, 'no builder is registered for this kind of outbox item; dropping it');
        await store.fail(item.key, this.holder, 'failed', { code: 'UnknownKind' }, clock.now());
        return finish('failed');
      }
      const prior = item.to.kind === 'after' ? await store.get(item.to.after) : undefined;
      const resolved = resolveTarget(item.to, prior);
      if (resolved.kind === 'wait') {
        await store.retryLater(item.key, this.holder, clock.now() + WAIT_MS, undefined, clock.now());
        return finish('waiting');
      }
      if (resolved.kind === 'skip') {
        const error = { code: `after-${prior?.state ?? 'missing'}` };
        await store.fail(item.key, this.holder, resolved.state, error, clock.now());
        return finish(resolved.state, error);
      }
      const reply = await kind.build(item);
      if (reply === 'cancel') {
        await store.fail(item.key, this.holder, 'cancelled', undefined, clock.now());
        return finish('cancelled');
      }
      if (reply === 'hold') {
        await store.pauseLane(item.lane, clock.now());
        await store.release(item.key, this.holder);
        return finish('paused');
      }
      if (this.o.dryRun || resolved.placeholder) {
        logger.info({ ...facts, group: item.group, target: resolved.target.kind, summary: summaryOf(reply) }, 'dry run: would send');
        await store.complete(item.key, this.holder, 'dry-run', PLACEHOLDER, clock.now());
        return finish('dry-run');
      }
      let target = resolved.target;
      if (kind.target) {
        const chosen = await kind.target(item);
        if ('gone' in chosen) {
          await store.fail(item.key, this.holder, 'gone', chosen.gone, clock.now());
          logger.info({ ...facts, code: chosen.gone.code, status: chosen.gone.status }, 'recipient not reachable; outbox item dropped');
          return finish('gone', chosen.gone);
        }
        if ('retry' in chosen) {
          await store.retryLater(item.key, this.holder, clock.now() + chosen.afterMs, chosen.retry, clock.now());
          return finish('retrying', chosen.retry);
        }
        target = chosen;
      }
      if (item.state === 'sending')
        logger.warn(
          { ...facts, attempts: item.attempts },
          'possible duplicate: an earlier attempt may have reached Teams before a crash; sending it again',
        );
      if (!(await store.markSending(item.key, this.holder, clock.now()))) return finish('queued');
      let sent: OutboxResult;
      try {
        sent = await this.o.sender.send({ thread: item.lane, tenant: item.tenant }, () => sendToTarget(this.o.notifier, target, reply));
      } catch (e) {
        return await this.failed(item, kind, asNotifyError(e));
      }
      if (!(await store.complete(item.key, this.holder, 'sent', sent, clock.now())))
        logger.warn(facts, 'sent, but the claim had passed to another holder; it may be sent twice');
      await kind.onSent?.(item, sent).catch((e: unknown) => logger.error({ ...facts, error: errorName(e) }, 'after-send step failed'));
      return finish('sent');
    } catch (e) {
      // The store or a builder failed, not Teams: leave it for a later pass.
      logger.error({ ...facts, error: errorName(e) }, 'could not process an outbox item; trying again later');
      const now = clock.now();
      await store
        .retryLater(item.key, this.holder, now + retryDelayMs(item.attempts + 1, this.random()), undefined, now)
        .catch(() => undefined);
      return finish('retrying');
    }
  }

  private async failed(item: OutboxItem, kind: OutboxKind, e: NotifyError): Promise<SendOutcome> {
    const { store, clock, logger } = this.o;
    const error: OutboxError = { status: e.status, code: e.code };
    const facts = { key: item.key, kind: item.kind, lane: item.lane, status: e.status, code: e.code };
    const now = clock.now();
    switch (classifyFailure(e)) {
      case 'retry': {
        const failures = item.attempts + 1;
        const retryAt = now + retryDelayMs(failures, this.random(), e.retryAfterMs);
        await store.retryLater(item.key, this.holder, retryAt, error, now);
        logger.warn({ ...facts, failures, retryAt: new Date(retryAt).toISOString() }, 'could not send an outbox item; will retry');
        return this.emit(item, 'retrying', error);
      }
      case 'gone': {
        const decision = (await kind.onGone?.(item, error)) ?? 'gone';
        if (decision === 'pause') {
          await store.pauseLane(item.lane, now);
          await store.retryLater(item.key, this.holder, now, error, now);
          return this.emit(item, 'paused', error);
        }
        await store.fail(item.key, this.holder, 'gone', error, now);
        logger.info(facts, 'recipient not reachable; outbox item dropped');
        return this.emit(item, 'gone', error);
      }
      default:
        await store.fail(item.key, this.holder, 'failed', error, now);
        logger.error(facts, 'Teams refused an outbox item for good; not retrying it');
        return this.emit(item, 'failed', error);
    }
  }

  private emit(item: OutboxItem, outcome: SendOutcome, error?: OutboxError): SendOutcome {
    const byKind = (this.stats[item.kind] ??= {});
    byKind[outcome] = (byKind[outcome] ?? 0) + 1;
    for (const listener of this.listeners) listener({ item, outcome, error });
    return outcome;
  }
}

function outcomeOfState(state: OutboxState | undefined): SendOutcome {
  return state === undefined || state === 'queued' || state === 'sending' ? 'queued' : state;
}

function asNotifyError(e: unknown): NotifyError {
  return e instanceof NotifyError ? e : new NotifyError(undefined, undefined, undefined, errorName(e));
}

function errorName(e: unknown): string {
  return e instanceof Error ? e.name : typeof e;
}

function summaryOf(reply: Reply): string {
  return reply.kind === 'card' ? reply.summary : reply.text.slice(0, 80);
}
