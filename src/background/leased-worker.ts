import type { Clock } from '../core/clock';
import type { Logger } from '../logger';
import type { LeaseStore } from '../ports/store';
import { LeaseLoop, type LeaseLoopOptions, type TickState } from './lease-loop';

/** Where a worker's lease, timers and log come from: Services, or any bag holding the same three. */
export interface WorkerSetting {
  store: { readonly leases: LeaseStore };
  /** Business now (lease expiries) with the timers of the loop. */
  clock: Clock;
  logger: Logger;
}

/** The worker's own lease and pace. */
export type WorkerPace = Pick<LeaseLoopOptions<unknown>, 'lease' | 'holder' | 'leaseMs' | 'intervalMs' | 'firstAfterMs'>;

/**
 * A background worker whose tick is its own work on a LeaseLoop: tick() (what the timer calls and tests call
 * directly), start() and stop() come from here; a subclass says what one tick does and what it answers idle.
 */
export abstract class LeasedWorker<R> {
  private readonly loop: LeaseLoop<R>;

  constructor(on: WorkerSetting, pace: WorkerPace) {
    this.loop = new LeaseLoop<R>({
      ...pace,
      leases: on.store.leases,
      clock: on.clock,
      logger: on.logger,
      work: (state) => this.work(state),
      idle: (role) => this.idle(role),
    });
  }

  /** One tick if this instance holds the lease, after any tick in progress. */
  tick(): Promise<R> {
    return this.loop.tick();
  }

  start(): void {
    this.loop.start();
  }

  /** Stops ticking, waits for the tick in progress, and hands the lease over at once. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** One tick's work, run while this instance holds the lease. */
  protected abstract work(state: TickState): Promise<R>;

  /** What a tick answers on standby (another instance holds the lease) or after stop(). */
  protected abstract idle(role: 'standby' | 'stopped'): R;
}
