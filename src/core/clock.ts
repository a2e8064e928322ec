/**
 * The one source of time: what "now" is, and timers that fire on the same time. Everything that waits (Graph's
 * throttling windows, retries, probes, progress messages, the background workers, the simulator's throttle and
 * outage timeline) takes its timers from here, so a test can run the whole bot in scaled time and a benchmark in
 * real time without either knowing.
 */
export interface Clock {
  /** Milliseconds since the epoch, on this clock. */
  now(): number;
  setTimeout(fn: () => void, ms: number): NodeJS.Timeout;
  clearTimeout(timer: NodeJS.Timeout | undefined): void;
  setInterval(fn: () => void, ms: number): NodeJS.Timeout;
  clearInterval(timer: NodeJS.Timeout | undefined): void;
  /** Resolves after `ms` of this clock's time. */
  sleep(ms: number): Promise<void>;
  /** A signal that aborts (TimeoutError) after `ms` of this clock's time, as AbortSignal.timeout does in real time. */
  timeout(ms: number): AbortSignal;
  /** How many of this clock's milliseconds pass per real millisecond (1 for the wall clock). */
  readonly scale: number;
}

/** The wall clock. */
export const systemClock: Clock = { ...scaledClock(1), now: () => Date.now() };

/**
 * Time that runs `scale` times faster than the wall clock, starting at `origin` (now by default): a timer of 10 s
 * fires after 10/scale real seconds, and now() has moved on by 10 s when it does. For tests and demos.
 */
export function scaledClock(scale: number, origin = Date.now()): Clock {
  if (!(scale > 0)) throw new Error(`a clock's scale must be positive, not ${scale}`);
  const realStart = performance.now();
  const real = (ms: number) => Math.max(0, ms) / scale;
  return {
    scale,
    now: () => Math.round(origin + (performance.now() - realStart) * scale),
    setTimeout: (fn, ms) => setTimeout(fn, real(ms)),
    clearTimeout: (timer) => clearTimeout(timer),
    setInterval: (fn, ms) => setInterval(fn, Math.max(1, real(ms))),
    clearInterval: (timer) => clearInterval(timer),
    sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, real(ms))),
    timeout: (ms) => AbortSignal.timeout(Math.max(1, Math.ceil(real(ms)))),
  };
}

/** `base`'s timers with another reading of now: a test's fixed or shifted time for what the bot records and shows. */
export function withNow(base: Clock, now: () => number): Clock {
  return { ...base, now };
}
