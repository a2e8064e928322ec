/** The first retry comes at the worker's next pass; then about 1, 3, 7, 15… minutes, jittered, never more than an hour apart. */
export const RETRY_BASE_MS = 60_000;
export const RETRY_CAP_MS = 60 * 60_000;

/**
 * How long an item waits after its `failures`-th failed attempt. Never gives up: the cap bounds the gap, not
 * the number of tries. ±25 % jitter keeps a thousand conversations that failed together from retrying together;
 * a Retry-After from Teams is a floor.
 */
export function retryDelayMs(failures: number, random: number, retryAfterMs?: number): number {
  const exponential = RETRY_BASE_MS * (2 ** Math.min(Math.max(failures, 1) - 1, 20) - 1);
  const jittered = exponential * (0.75 + 0.5 * random);
  return Math.round(Math.min(RETRY_CAP_MS, Math.max(jittered, retryAfterMs ?? 0)));
}
