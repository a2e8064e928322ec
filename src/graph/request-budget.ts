/**
 * Microsoft Graph's per-service limits, spent deliberately. Each bucket (identity reports, service
 * communications, …) is a sliding window the bot never exceeds on its own; requests wait for a slot
 * in priority order (interactive lookups, then TAP decisions, then scans, then reads that have a copy to
 * fall back on, then background work), and a 429 with Retry-After pauses the bucket for everyone.
 * Several instances split each bucket: `share()` says how many are live, and each takes
 * floor(limit / share) of every window (at least one).
 */
import { systemClock, type Clock } from '../core/clock';
import type { GraphPriority as Priority } from '../core/graph-priority';

export type { Priority };
const RANK: Record<Priority, number> = { interactive: 0, decision: 1, scan: 2, fallback: 3, background: 4 };

export interface BucketSpec {
  name: string;
  matches(method: string, path: string): boolean;
  windows: Array<{ limit: number; spanMs: number }>;
  /** This bucket's own slack, instead of the budget's (see BudgetOptions.slack). */
  slack?: { factor: number; ms: number };
  /** This bucket's own spacing of scan and background slots, instead of the budget's scanSpacing. */
  spacing?: number;
}

export interface BudgetOptions {
  /** Windows are measured and waiters woken on this clock (scaled in tests); the wall clock by default. */
  clock?: Clock;
  /** How many bot instances share the tenant's quota right now (1 when alone). */
  share?: () => number;
  /**
   * Slots per window that scans and background work leave free while people are looking things up (any
   * interactive or decision request in the last two windows), so a lookup arriving mid-scan goes at once.
   * Alone, a scan uses the whole bucket.
   */
  reserve?: number;
  /**
   * Scans take their slots evenly spaced, this much wider than the bucket's average interval, instead of
   * in bursts: a burst fills a window and leaves nothing for ten seconds; spaced, a slot is never far off.
   */
  scanSpacing?: number;
  /**
   * Graph counts a request when it arrives, the budget when it sends: a slow first request followed by quick
   * ones would squeeze more than the limit into Graph's window, so every window is this much wider.
   */
  slack?: { factor: number; ms: number };
}

/** Call once Graph has answered the request a slot was booked for (or it failed): see RequestBudget.book. */
export type Settle = () => void;
const SETTLED: Settle = () => undefined;

/** How late a spaced slot's timer may fire and still count as on time (a busy event loop's few milliseconds). */
const MAX_LATENESS_MS = 25;

export class BudgetTimeout extends Error {
  constructor(readonly bucket: string) {
    super(`no ${bucket} request slot became free in time`);
    this.name = 'BudgetTimeout';
  }
}

interface Grant {
  /** When the slot counts against the windows: the grant, then Graph's answer (settle). */
  at: number;
  /**
   * The instant a scan or background slot was due (its grant, give or take a timer's lateness): the next one is
   * due a space after it, so calls overlap their round trips and late timers don't add up.
   */
  slotAt: number;
  low: boolean;
}

interface Waiter {
  priority: Priority;
  seq: number;
  resolve(settle: Settle): void;
  reject(e: unknown): void;
  timer?: NodeJS.Timeout;
}

class Bucket {
  /** Oldest first. */
  readonly granted: Grant[] = [];
  readonly waiters: Waiter[] = [];
  pausedUntil = 0;
  timer?: NodeJS.Timeout;
  constructor(readonly spec: BucketSpec) {}
}

export class RequestBudget {
  private readonly buckets = new Map<string, Bucket>();
  private readonly clock: Clock;
  private readonly share: () => number;
  private readonly reserve: number;
  private readonly scanSpacing: number;
  private seq = 0;

  constructor(specs: BucketSpec[], opts: BudgetOptions = {}) {
    const slack = opts.slack ?? { factor: 1.02, ms: 250 };
    for (const s of specs) this.buckets.set(s.name, new Bucket(widened(s, s.slack ?? slack)));
    this.clock = opts.clock ?? systemClock;
    this.share = opts.share ?? (() => 1);
    this.reserve = opts.reserve ?? 1;
    this.scanSpacing = opts.scanSpacing ?? 1.08;
  }

  bucketOf(method: string, path: string): string | undefined {
    const p = pathOf(path);
    for (const b of this.buckets.values()) if (b.spec.matches(method.toUpperCase(), p)) return b.spec.name;
    return undefined;
  }

  /** Resolves once a slot is booked for this request; rejects with BudgetTimeout after `maxWaitMs`. */
  take(bucket: string | undefined, priority: Priority, maxWaitMs = Number.POSITIVE_INFINITY): Promise<void> {
    return this.book(bucket, priority, maxWaitMs).then(() => undefined);
  }

  /**
   * As take, resolving with the function to call once Graph has answered: Graph counted the request at some
   * moment up to then, so from then its slot is held for a window. A request can leave well after its grant
   * (a $batch goes once every item has a slot, up to an item's slotWaitMs later), and counting from the
   * grant would let the next request into Graph's window early.
   */
  book(bucket: string | undefined, priority: Priority, maxWaitMs = Number.POSITIVE_INFINITY): Promise<Settle> {
    const b = bucket ? this.buckets.get(bucket) : undefined;
    if (!b) return Promise.resolve(SETTLED);
    return new Promise<Settle>((resolve, reject) => {
      const w: Waiter = { priority, seq: this.seq++, resolve, reject };
      if (Number.isFinite(maxWaitMs)) {
        w.timer = this.clock.setTimeout(
          () => {
            b.waiters.splice(b.waiters.indexOf(w), 1);
            reject(new BudgetTimeout(b.spec.name));
            this.pump(b);
          },
          Math.max(0, maxWaitMs),
        );
      }
      b.waiters.push(w);
      b.waiters.sort((x, y) => RANK[x.priority] - RANK[y.priority] || x.seq - y.seq);
      this.pump(b);
    });
  }

  /** Graph said 429: nobody on this instance uses the bucket until `untilMs`. */
  pause(bucket: string | undefined, untilMs: number): void {
    const b = bucket ? this.buckets.get(bucket) : undefined;
    if (!b || untilMs <= b.pausedUntil) return;
    b.pausedUntil = untilMs;
    this.pump(b);
  }

  /** For /healthz and metrics: what each bucket has used and who is waiting. */
  state(): Array<{ bucket: string; usedInWindow: number; capacity: number; waiting: number; pausedUntil?: string }> {
    const now = this.clock.now();
    return [...this.buckets.values()].map((b) => {
      const w = b.spec.windows[0];
      return {
        bucket: b.spec.name,
        usedInWindow: b.granted.filter((g) => g.at > now - w.spanMs).length,
        capacity: this.capacity(w.limit),
        waiting: b.waiters.length,
        pausedUntil: b.pausedUntil > now ? new Date(b.pausedUntil).toISOString() : undefined,
      };
    });
  }

  private capacity(limit: number): number {
    return Math.max(1, Math.floor(limit / Math.max(1, this.share())));
  }

  /** Grants every waiter that may go now, in order; otherwise sets one timer for when room opens. */
  private pump(b: Bucket): void {
    this.clock.clearTimeout(b.timer);
    b.timer = undefined;
    for (;;) {
      const now = this.clock.now();
      const longest = Math.max(...b.spec.windows.map((w) => w.spanMs)) * 2;
      while (b.granted.length && b.granted[0].at <= now - longest) b.granted.shift();
      if (b.waiters.length === 0) return;
      const index = this.nextIndex(b, now);
      const head = b.waiters[index];
      const low = RANK[head.priority] >= RANK.scan;
      const { readyAt, dueAt, lateness } = this.readyAt(b, now, low && index === 0);
      if (readyAt > now) {
        b.timer = this.clock.setTimeout(() => this.pump(b), readyAt - now + 1);
        b.timer.unref?.();
        return;
      }
      b.waiters.splice(index, 1);
      this.clock.clearTimeout(head.timer);
      // A slot granted a little after it was due keeps its due instant; one after a pause starts afresh.
      const grant = { at: now, slotAt: now - dueAt <= lateness ? dueAt : now, low };
      b.granted.push(grant);
      head.resolve(() => this.settle(b, grant));
    }
  }

  /**
   * Which waiter goes next. Lookups go first, but a scan is never starved: with none of its requests in the last
   * window, the oldest waiting scan takes the next slot (a fifth of the bucket at worst), so it always finishes.
   */
  private nextIndex(b: Bucket, now: number): number {
    const w0 = b.spec.windows[0];
    const starved = b.waiters.findIndex((w) => RANK[w.priority] >= RANK.scan);
    const recent = b.granted.filter((g) => g.at > now - w0.spanMs);
    return starved > 0 && recent.some((g) => !g.low) && !recent.some((g) => g.low) ? starved : 0;
  }

  /**
   * When the next waiter may go: once any pause is over and every window has room. A scan or background slot
   * (`spaced`) also leaves the reserve free while people are looking things up, and is due an interval after the
   * last one (`dueAt`, kept if its timer fires up to `lateness` late).
   */
  private readyAt(b: Bucket, now: number, spaced: boolean): { readyAt: number; dueAt: number; lateness: number } {
    let readyAt = Math.max(now, b.pausedUntil);
    for (const w of b.spec.windows) readyAt = Math.max(readyAt, this.roomAt(b, this.capacity(w.limit), w.spanMs, now));
    if (!spaced) return { readyAt, dueAt: Number.NEGATIVE_INFINITY, lateness: 0 };
    const w = b.spec.windows[0];
    const peopleWaiting = b.granted.some((g) => !g.low && g.at > now - 2 * w.spanMs);
    const room = this.capacity(w.limit) - (peopleWaiting ? this.reserve : 0);
    readyAt = Math.max(readyAt, room < 1 ? now + w.spanMs : this.roomAt(b, room, w.spanMs, now));
    // Spaced from when the last slot was due, not its answer: spacing from answers would serialise the calls
    // (one round trip plus a space each, a fifth below the limit at 8 ms of latency); nor from when its timer
    // fired, a millisecond or two late every time (35.7 ms apart instead of 34.3: 28 of the Teams bucket's
    // 29 a second). The windows above, counted from answers, still keep every span within the limit.
    const lastSlotAt = b.granted.reduce((t, g) => (g.low ? Math.max(t, g.slotAt) : t), Number.NEGATIVE_INFINITY);
    const interval = (w.spanMs / this.capacity(w.limit)) * (b.spec.spacing ?? this.scanSpacing);
    const dueAt = lastSlotAt > Number.NEGATIVE_INFINITY ? lastSlotAt + interval : Number.NEGATIVE_INFINITY;
    return { readyAt: Math.max(readyAt, dueAt), dueAt, lateness: Math.min(interval / 2, MAX_LATENESS_MS) };
  }

  /** The slot is held from the answer; a timer set from the grant just finds no room yet and waits again. */
  private settle(b: Bucket, grant: Grant): void {
    const now = this.clock.now();
    if (now <= grant.at) return;
    grant.at = now;
    b.granted.sort((x, y) => x.at - y.at);
  }

  /** When the window of `spanMs` next has fewer than `cap` grants in it. */
  private roomAt(b: Bucket, cap: number, spanMs: number, now: number): number {
    const inWindow = b.granted.filter((g) => g.at > now - spanMs);
    if (inWindow.length < cap) return now;
    return inWindow[inWindow.length - cap].at + spanMs;
  }
}

/** Absolute nextLinks and relative paths alike: the path below the version root, without the query. */
function pathOf(path: string): string {
  const noQuery = path.split('?')[0];
  const m = /^https?:\/\/[^/]+(\/.*)$/i.exec(noQuery);
  const p = m ? m[1] : noQuery;
  return p.replace(/^\/(v1\.0|beta)(?=\/)/i, '');
}

function widened(spec: BucketSpec, slack: { factor: number; ms: number }): BucketSpec {
  return { ...spec, windows: spec.windows.map((w) => ({ limit: w.limit, spanMs: Math.ceil(w.spanMs * slack.factor) + slack.ms })) };
}
