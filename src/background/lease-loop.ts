import type { Clock } from '../core/clock';
import type { Logger } from '../logger';
import type { LeaseStore } from '../ports/store';

/** What a tick in progress may ask of its loop. */
export interface TickState {
  /** stop() was called: finish what is in hand, start nothing new. */
  readonly stopping: boolean;
  /** Still worth taking new work: not stopping, and the lease held at its last renewal (else another instance may be at it). */
  readonly live: boolean;
}

export interface LeaseLoopOptions<R> {
  /** The lease's name: one holder at a time across every instance on the store. */
  lease: string;
  /** Who holds it; unique per process. */
  holder: string;
  leases: LeaseStore;
  /** How long a taken lease lasts; renewed every third of it while a tick runs. */
  leaseMs: number;
  /** From the end of one tick to the start of the next. */
  intervalMs: number;
  /** The first tick after start(): at once unless told otherwise. */
  firstAfterMs?: number;
  /** Timers, and the now that lease expiries are written in (the store compares them across instances). */
  clock: Clock;
  logger: Logger;
  /** One tick's work, run only while this instance holds the lease. */
  work(state: TickState): Promise<R>;
  /** What a tick answers without working: another instance holds the lease (or it can't be read), or stop() was called. */
  idle(role: 'standby' | 'stopped'): R;
}

/**
 * The one way background work runs: a tick every interval (never two at once, a direct tick() included),
 * kick() to run again soon, the lease taken at the start of each tick and renewed while it runs, so only one
 * instance works while the others stand by and one takes over within a lease of a holder dying. Timers are
 * unref'd (they never keep the process alive); stop() waits for the tick in flight, then hands the lease over.
 */
export class LeaseLoop<R> {
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private halted = false;
  /** The timer's own tick is queued or running (a kick then means "once more right after"). */
  private ticking = false;
  private again = false;

  constructor(private readonly o: LeaseLoopOptions<R>) {}

  get stopping(): boolean {
    return this.halted;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.halted = false;
    this.schedule(this.o.firstAfterMs ?? 0);
  }

  /** Something new to do: tick now rather than at the next interval (right after the tick in progress, if any). */
  kick(): void {
    if (!this.running) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.o.clock.clearTimeout(this.timer);
    this.schedule(0);
  }

  /** No more ticks: waits for the one in flight, then releases the lease so another instance takes over at once. */
  async stop(): Promise<void> {
    this.running = false;
    this.halted = true;
    this.o.clock.clearTimeout(this.timer);
    this.timer = undefined;
    await this.chain;
    await this.o.leases.release(this.o.lease, this.o.holder).catch(() => undefined);
  }

  /** One tick, after any in progress; what the timer calls and tests call directly. Rejects only if the work does. */
  tick(): Promise<R> {
    const next = this.chain.then(() => this.runOnce());
    this.chain = next.catch(() => undefined);
    return next;
  }

  private schedule(delayMs: number): void {
    this.timer = this.o.clock.setTimeout(() => {
      this.timer = undefined;
      this.ticking = true;
      void this.tick()
        .catch((err: unknown) => this.o.logger.warn({ err, lease: this.o.lease }, 'background tick failed; trying again next interval'))
        .finally(() => {
          this.ticking = false;
          if (!this.running) return;
          const again = this.again;
          this.again = false;
          this.schedule(again ? 0 : this.o.intervalMs);
        });
    }, delayMs);
    this.timer.unref?.();
  }

  private async runOnce(): Promise<R> {
    if (this.halted) return this.o.idle('stopped');
    if (!(await this.acquire())) return this.o.idle('standby');
    let held = true;
    const renew = this.o.clock.setInterval(() => void this.acquire().then((ok) => (held = ok)), this.o.leaseMs / 3);
    renew.unref?.();
    const halted = () => this.halted;
    const state: TickState = {
      get stopping() {
        return halted();
      },
      get live() {
        return held && !halted();
      },
    };
    try {
      return await this.o.work(state);
    } finally {
      this.o.clock.clearInterval(renew);
    }
  }

  /** Takes or renews the lease; a store that can't be reached counts as someone else holding it. */
  private async acquire(): Promise<boolean> {
    const { leases, lease, holder, leaseMs, clock, logger } = this.o;
    try {
      return await leases.tryAcquire(lease, holder, leaseMs, clock.now());
    } catch (err) {
      logger.warn({ err, lease }, 'could not take or renew a lease; standing by');
      return false;
    }
  }
}
