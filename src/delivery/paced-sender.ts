import { systemClock, type Clock } from '../core/clock';
import type { Logger } from '../logger';
import { NotifyError } from '../ports/notifier';
import { RateLimiter, TENANT_WINDOWS, THREAD_WINDOWS } from './rate-limiter';

export interface PacedSenderOptions {
  /** Rate windows and waits; the wall clock unless given (`now` and `sleep` override its parts). */
  clock?: Clock;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Attempts per send, the first included. */
  maxAttempts?: number;
  /** Retry delay when Teams gives no Retry-After: base × 2^attempt, jittered. */
  backoffBaseMs?: number;
  limiter?: RateLimiter;
}

/**
 * Every proactive Bot Connector call of the fan-out goes through here: paced under Teams' per-thread
 * and per-tenant limits, retried on 412/429/5xx with Retry-After plus jitter, and failed fast on
 * anything permanent (403 bot removed, 404 conversation gone, 400 bad payload) so the caller can act.
 */
export class PacedSender {
  private readonly limiter: RateLimiter;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxAttempts: number;
  private readonly backoffBaseMs: number;
  /** Counters for operators and the benchmark. */
  readonly stats = { sent: 0, retried: 0, failed: 0 };

  constructor(
    private readonly logger: Logger,
    opts: PacedSenderOptions = {},
  ) {
    this.limiter = opts.limiter ?? new RateLimiter();
    const clock = opts.clock ?? systemClock;
    this.now = opts.now ?? (() => clock.now());
    this.sleep = opts.sleep ?? ((ms) => clock.sleep(ms));
    this.maxAttempts = opts.maxAttempts ?? 4;
    this.backoffBaseMs = opts.backoffBaseMs ?? 500;
  }

  async send<T>(where: { thread: string; tenant: string }, op: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const now = this.now();
      const at = this.limiter.reserve(
        [
          { key: `tenant:${where.tenant}`, windows: TENANT_WINDOWS },
          { key: `thread:${where.thread}`, windows: THREAD_WINDOWS },
        ],
        now,
      );
      if (at > now) await this.sleep(at - now);
      try {
        const result = await op();
        this.stats.sent++;
        return result;
      } catch (error) {
        const e =
          error instanceof NotifyError
            ? error
            : new NotifyError(undefined, undefined, undefined, String((error as Error)?.message ?? error));
        if (!e.retryable || e.goneForGood || attempt >= this.maxAttempts) {
          this.stats.failed++;
          throw e;
        }
        this.stats.retried++;
        const backoff = this.backoffBaseMs * 2 ** (attempt - 1);
        const delay = (e.retryAfterMs ?? backoff) + Math.random() * Math.min(1000, backoff / 2);
        this.logger.debug({ status: e.status, code: e.code, attempt, delayMs: Math.round(delay) }, 'Bot Connector send failed; retrying');
        await this.sleep(delay);
      }
    }
  }
}
