import { randomUUID } from 'node:crypto';
import { atPriority } from '../../core/graph-priority';
import { isLapsed, resume, waitForGraph } from './approval';
import type { TapRequest } from '../../domain/tap-request';
import type { Services } from '../../services';
import { commitTransition } from './commit-transition';
import { expireRequest, issueApproved } from './issue-pass';
import { routeHeld } from './request-pass';
import { tapMessages } from './tap-messages';
import { syncTapCards } from './sync-tap-cards';
import { LeasedWorker } from '../../background/leased-worker';

/** An `approved` request older than this lost its issuer (crash, restart mid-call): it waits and is tried again. */
const STUCK_MS = 2 * 60_000;
const LEASE = 'tap-sweeper';
/** Three sweeps long: the holder renews on each sweep; another instance takes over once a holder stops. */
const LEASE_MS = 30_000;

/**
 * Moves TAP requests on when nobody else will: expires undecided ones, checks and routes held ones, tries
 * again to create passes Graph couldn't create, and picks up ones stuck mid-issue. `tick()` is what the timer
 * calls and what tests call directly with an injected clock. Never throws; each request is isolated. Only the
 * holder of the 'tap-sweeper' lease sweeps (one instance retries held passes and creates waiting ones, not all
 * of them at once against Graph's budget); every move is a compare-and-set all the same, so a lease handed
 * over mid-sweep still moves each request once.
 */
export class TapExpirySweeper extends LeasedWorker<number> {
  readonly holder: string;

  constructor(
    private readonly services: Services,
    intervalMs = 10_000,
    holder = `tap-sweeper-${randomUUID()}`,
  ) {
    super(services, { lease: LEASE, holder, leaseMs: LEASE_MS, intervalMs, firstAfterMs: intervalMs });
    this.holder = holder;
  }

  /** On standby nothing moved. */
  protected idle(): number {
    return 0;
  }

  /** One sweep; how many requests moved. */
  protected async work(): Promise<number> {
    const { store, clock, logger } = this.services;
    const now = clock.now();
    let changed = 0;
    let due;
    try {
      due = await store.tapRequests.due(now, now - STUCK_MS);
    } catch (e) {
      logger.warn({ err: e }, 'TAP expiry sweep could not read the store');
      return 0;
    }
    for (const req of due) {
      try {
        if (await atPriority('decision', () => this.move(req, now))) {
          changed++;
          logger.info({ requestId: req.id, from: req.status, sweeper: this.holder }, 'TAP sweep moved a request on');
        }
      } catch (e) {
        logger.warn({ requestId: req.id, error: e instanceof Error ? e.name : typeof e }, 'TAP expiry sweep failed for one request');
      }
    }
    return changed;
  }

  private async move(req: TapRequest, now: number): Promise<boolean> {
    const s = this.services;
    if (req.status === 'approved') {
      // Its issuer stopped mid-create: the pass may exist, so the next try makes a new one (replacing it).
      const next = waitForGraph(req, tapMessages.stuckWhileIssuing(), now, s.config.TAP_HOLD_HOURS * 3_600_000);
      const done = await commitTransition(s, 'approved', next, 'waiting', undefined, next.failureReason);
      if (done.won) await syncTapCards(done.req, s);
      return done.won;
    }
    if (isLapsed(req, now)) return (await expireRequest(req, s)).status === 'expired';
    if (req.status === 'held') return (await routeHeld(req, s)).status !== 'held';
    if (req.status === 'waiting') {
      const done = await commitTransition(s, 'waiting', resume(req), 'retried', undefined, 'tried again automatically');
      if (done.won) await issueApproved(done.req, s);
      return done.won;
    }
    return false;
  }
}
