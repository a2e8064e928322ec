import { systemClock, withNow, type Clock } from '../../../src/core/clock';

/** Monday 2 June 2025, 09:00 UTC: every fake's "now" unless a test says otherwise. */
export const FIXED_NOW = Date.parse('2025-06-02T09:00:00.000Z');

export const DAY_MS = 86_400_000;

/** A clock that stands still, so cards' dates and ages are exact. */
export function fixedClock(at = FIXED_NOW): Clock {
  return withNow(systemClock, () => at);
}
