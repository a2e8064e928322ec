import { atPriority } from '../core/graph-priority';
import { isLapsed, resume, waitForGraph } from './approval';
import type { TapRequest } from '../domain/tap-request';
import type { Services } from '../services';
import { commitTransition } from './commit-transition';
import { expireRequest, issueApproved } from './issue';
import { routeHeld } from './request';
import { tapMessages } from '../messages';
import { syncTapCards } from './cards';

/** An `approved` request older than this lost its issuer (crash, restart mid-call): it waits and is tried again. */
const STUCK_MS = 2 * 60_000;

/**
 * Moves TAP requests on when nobody else will: expires undecided ones, checks and routes held ones, tries
 * again to create passes Graph couldn't create, and picks up ones stuck mid-issue. `tick()` is what the timer
 * calls and what tests call directly with an injected clock. Never throws; each request is isolated, and
 * every move is a compare-and-set, so several instances sweeping at once still move each request once.
 */
export class TapExpirySweeper {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly services: Services,
    private readonly intervalMs = 10_000,
  ) {}

  async tick(): Promise<number> {
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
        if (await atPriority('decision', () => this.move(req, now))) changed++;
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

  private running: Promise<unknown> | undefined;

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      // One sweep at a time; shutdown waits for the one in progress.
      if (!this.running)
        this.running = this.tick()
          .catch(() => 0)
          .finally(() => (this.running = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
