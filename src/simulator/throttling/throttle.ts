import { createHash } from 'node:crypto';
import { errorForStatus, type GraphHttpError } from '../http/graph-error';
import { GRAPH_LIMITS, limitFor } from './documented-limits';

/**
 * Graph's per-service throttling over sliding windows. `admit` either books the request or returns the
 * 429 Graph would send. Off with `enabled = false` (SIMULATOR_THROTTLE=off) for CPU benchmarks.
 */
export class Throttle {
  private readonly booked = new Map<string, Array<{ at: number; cost: number; write: boolean }>>();
  /** Requests refused, by bucket: tests and the control plane read them. */
  readonly refused = new Map<string, number>();

  constructor(
    public enabled: boolean,
    private readonly now: () => number,
  ) {}

  /** `app` is whoever the bearer token names; the simulator has no tokens to decode, so the token itself. */
  admit(method: string, path: string, query: URLSearchParams, authorization: string | undefined): GraphHttpError | undefined {
    if (!this.enabled) return undefined;
    const limit = limitFor(method, path);
    if (!limit) return undefined;
    const app = createHash('sha256')
      .update(authorization ?? '')
      .digest('hex')
      .slice(0, 12);
    const key = limit.scope === 'tenant' ? limit.bucket : `${limit.bucket}|${app}`;
    const now = this.now();
    const cost = limit.cost?.(method, path, query) ?? 1;
    const write = method.toUpperCase() !== 'GET';
    const longest = Math.max(...limit.windows.map((w) => w.spanMs));
    const booked = (this.booked.get(key) ?? []).filter((b) => b.at > now - longest);
    this.booked.set(key, booked);
    let waitMs = 0;
    for (const w of limit.windows) {
      if (w.writes && !write) continue;
      const inWindow = booked.filter((b) => b.at > now - w.spanMs && (!w.writes || b.write));
      let used = inWindow.reduce((sum, b) => sum + b.cost, 0);
      // Room opens when enough of the oldest bookings in the window have slid out of it.
      for (const b of inWindow) {
        if (used + cost <= w.limit) break;
        used -= b.cost;
        waitMs = Math.max(waitMs, b.at + w.spanMs - now);
      }
    }
    if (waitMs > 0) {
      this.refused.set(limit.bucket, (this.refused.get(limit.bucket) ?? 0) + 1);
      const headers: Record<string, string> = limit.retryAfter ? { 'Retry-After': String(Math.max(1, Math.ceil(waitMs / 1000))) } : {};
      return errorForStatus(
        429,
        'TooManyRequests',
        `Too many requests for the ${limit.bucket} service; the application exceeded its limit. See ${limit.source}.`,
        headers,
      );
    }
    booked.push({ at: now, cost, write });
    return undefined;
  }

  reset(): void {
    this.booked.clear();
    this.refused.clear();
  }

  toJSON() {
    return {
      enabled: this.enabled,
      buckets: GRAPH_LIMITS.map((l) => ({ bucket: l.bucket, windows: l.windows, scope: l.scope, source: l.source })),
      refused: Object.fromEntries(this.refused),
    };
  }
}
