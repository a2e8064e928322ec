import { markFailed } from './approval';
import type { Services } from '../services';
import { syncTapCards, tellRequester } from './cards';
import { commitTransition } from './commit-transition';
import { expireRequest } from './issue';
import { tapMessages } from '../messages';

/** An `approved` request older than this lost its issuer (crash, restart mid-call): offer Retry instead. */
const STUCK_MS = 2 * 60_000;

/**
 * Expires TAP requests nobody decided on in time (and frees ones stuck mid-issue). `tick()` is what the
 * timer calls and what tests call directly with an injected clock. Never throws; each request is isolated.
 */
export class TapExpirySweeper {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly services: Services,
    private readonly intervalMs = 30_000,
  ) {}

  async tick(): Promise<number> {
    const { store, clock, logger, config } = this.services;
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
        if (req.status === 'approved') {
          const next = markFailed(req, tapMessages.stuckWhileIssuing(), now, config.TAP_REQUEST_TTL_MINUTES * 60_000);
          const done = await commitTransition(this.services, 'approved', next, 'failed', undefined, next.failureReason);
          if (!done.won) continue;
          await syncTapCards(done.req, this.services);
          await tellRequester(done.req, 'failed', this.services);
        } else {
          await expireRequest(req, this.services);
        }
        changed++;
      } catch (e) {
        logger.warn({ requestId: req.id, error: e instanceof Error ? e.name : typeof e }, 'TAP expiry sweep failed for one request');
      }
    }
    return changed;
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
