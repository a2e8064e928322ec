/** At most `limit` sends in any `spanMs` window. */
export interface Window {
  limit: number;
  spanMs: number;
  /** Space slots evenly (span/limit apart) instead of allowing a burst at the start of each span. */
  smooth?: boolean;
}

/** Teams' documented limits per bot per thread (send and create conversation). */
export const THREAD_WINDOWS: Window[] = [
  { limit: 7, spanMs: 1_000 },
  { limit: 8, spanMs: 2_000 },
  { limit: 60, spanMs: 30_000 },
  { limit: 1_800, spanMs: 3_600_000 },
];
/** Teams' global limit: 50 requests per second per app per tenant. */
// Smoothed: 50 requests booked at one instant arrive spread by network and event-loop jitter, and a
// late one from this second plus early ones from the next would exceed 50 in some sliding second.
export const TENANT_WINDOWS: Window[] = [{ limit: 50, spanMs: 1_000, smooth: true }];

/**
 * Sliding-window reservations. `reserve` hands out the earliest instant at which every named bucket has
 * room and books it at once, so concurrent callers get distinct slots and never burst past a limit.
 * Slots per bucket are handed out in order (FIFO), which keeps the check to one look-back per window.
 */
export class RateLimiter {
  private readonly booked = new Map<string, number[]>();

  /** `margin` stretches every window a little so network jitter can't squeeze two slots into one span. */
  constructor(private readonly margin = 1.03) {}

  reserve(buckets: Array<{ key: string; windows: Window[] }>, now: number): number {
    let at = now;
    for (const b of buckets) {
      const times = this.times(b.key, now, b.windows);
      if (times.length) at = Math.max(at, times[times.length - 1]);
      for (const w of b.windows) {
        if (times.length >= w.limit) at = Math.max(at, times[times.length - w.limit] + Math.ceil(w.spanMs * this.margin));
        if (w.smooth && times.length) at = Math.max(at, times[times.length - 1] + (w.spanMs / w.limit) * this.margin);
      }
    }
    for (const b of buckets) this.booked.get(b.key)!.push(at);
    return at;
  }

  private times(key: string, now: number, windows: Window[]): number[] {
    let times = this.booked.get(key);
    if (!times) {
      times = [];
      this.booked.set(key, times);
    }
    const longest = Math.max(...windows.map((w) => w.spanMs)) * this.margin;
    let drop = 0;
    while (drop < times.length && times[drop] <= now - longest) drop++;
    if (drop) times.splice(0, drop);
    return times;
  }
}
