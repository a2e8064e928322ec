import type { Clock } from '../core/clock';
import type { GraphPriority } from '../core/graph-priority';
import type { RequestBudget } from './request-budget';

/** Graph refused these without doing anything (429) or had an outage: a read can simply be sent again. */
const RETRYABLE = new Set([429, 503, 504, 502]);

/** Nothing is started this close to a call's deadline: the caller still needs a moment to answer with what it has. */
export const DEADLINE_MARGIN_MS = 250;

export interface RetryLimits {
  /** Total time one logical call may take, retries (and waiting for a throttling slot) included. */
  budgetMs: number;
  /** The same for scans and background work, which nobody is watching in real time. */
  patientBudgetMs: number;
  maxAttempts: number;
}

/** One attempt that failed, as the retry decision needs it. */
export interface FailedAttempt {
  status: number | undefined;
  retryAfter: string | undefined;
  /** 1 for the first attempt. */
  attempt: number;
  bucket: string | undefined;
  /** Sending it again cannot do anything twice: a read, or a POST that only reads. */
  safe: boolean;
}

/**
 * Whether and when a failed Graph request goes again, the same for a single request and a $batch item: only what
 * Graph refused or could not answer, only what is safe to repeat, and only within the call's deadline.
 */
export class RetryPolicy {
  constructor(
    private readonly budget: RequestBudget,
    private readonly clock: Pick<Clock, 'now'>,
    private readonly limits: RetryLimits,
  ) {}

  /** When a call at `priority` must be done by; a caller in a hurry (a Teams invoke) may ask for less. */
  deadline(priority: GraphPriority, budgetMs: number | undefined): number {
    const patient = priority === 'scan' || priority === 'background';
    const total = patient ? this.limits.patientBudgetMs : this.limits.budgetMs;
    return this.clock.now() + Math.min(total, budgetMs ?? total);
  }

  /**
   * How long to wait before the next attempt, or undefined to give up. A 429 pauses its bucket for that long, for
   * every request on this instance: the next attempt's wait for a slot is then the wait.
   */
  next(failed: FailedAttempt, deadline: number): number | undefined {
    const { status, attempt } = failed;
    const delay = retryDelayMs(failed.retryAfter, attempt);
    if (status === 429) this.budget.pause(failed.bucket, this.clock.now() + delay);
    // A write that timed out or met an outage may have happened: only Graph's 429 proves it did not.
    const safe = failed.safe || status === 429;
    const retryable = safe && (status === undefined || RETRYABLE.has(status));
    const inTime = this.clock.now() + delay < deadline - DEADLINE_MARGIN_MS;
    return retryable && attempt < this.limits.maxAttempts && inTime ? delay : undefined;
  }
}

/** Graph's Retry-After when it gave one; otherwise exponential backoff with jitter, capped at 4 s. */
export function retryDelayMs(retryAfter: string | undefined, attempt: number): number {
  const seconds = retryAfter ? Number(retryAfter) : NaN;
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const base = Math.min(4000, 400 * 2 ** (attempt - 1));
  return base / 2 + Math.random() * (base / 2);
}
