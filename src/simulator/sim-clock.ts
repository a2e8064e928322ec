/**
 * The simulator's view of time: the bot's Clock fits it structurally (the simulator imports nothing of the bot),
 * so one scaled clock can drive both sides of a test.
 */
export interface SimClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): NodeJS.Timeout;
}

export const WALL_CLOCK: SimClock = { now: () => Date.now(), setTimeout: (fn, ms) => setTimeout(fn, ms) };

/** Waits `ms` of the clock's time; never keeps the process alive on its own (a hanging Graph in a test that has ended). */
export function sleepOn(clock: SimClock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, ms).unref());
}
