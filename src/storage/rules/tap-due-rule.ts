import type { TapRequest, TapStatus } from '../../domain/tap-request';

/**
 * Which TAP requests the expiry sweeper must move on, written once for every backend. A backend may narrow
 * its candidates (an index, a WHERE clause) but each request is judged here.
 */

/** What the rule reads of a request: few enough fields that a backend can pass a row's columns. */
export type TapDueFacts = Pick<TapRequest, 'status' | 'expiresAt' | 'nextTryAt' | 'decidedAt'>;

/** `now`: compared with the sweep's time. `stuck`: with the cutoff before which an approval counts as stuck. */
export type TapDueClock = 'now' | 'stuck';

/** The only statuses a request can be due in: a backend may read just these. */
export const TAP_DUE_STATUSES: TapStatus[] = ['held', 'pending', 'approved', 'waiting', 'failed'];

/** How many requests one sweep takes at most. */
export const TAP_DUE_LIMIT = 100;

/** The request's next deadline: its next try when sooner than its expiry. */
export const soonestDeadlineOf = (r: TapDueFacts): number => Math.min(r.expiresAt, r.nextTryAt ?? r.expiresAt);

/**
 * When the request falls due, and on which clock; undefined when it never does (closed, or approved with no
 * decision time):
 *   pending, failed  at its expiry (the approvers' or the retry's time is up)
 *   held, waiting    at its next try, or at the end of the hold if that comes first
 *   approved         at its decision, against the stuck cutoff: its issuer may have stopped mid-create
 * Table Storage keys its due index on this, so the index and the rule can't disagree.
 */
export function dueAtOf(r: TapDueFacts): { clock: TapDueClock; at: number } | undefined {
  switch (r.status) {
    case 'pending':
    case 'failed':
      return { clock: 'now', at: r.expiresAt };
    case 'held':
    case 'waiting':
      return { clock: 'now', at: soonestDeadlineOf(r) };
    case 'approved':
      return r.decidedAt === undefined ? undefined : { clock: 'stuck', at: r.decidedAt };
    default:
      return undefined;
  }
}

export function isTapDue(r: TapDueFacts, now: number, stuckBefore: number): boolean {
  const due = dueAtOf(r);
  return due !== undefined && due.at <= (due.clock === 'now' ? now : stuckBefore);
}

/** The candidates a sweep takes: those due, earliest deadline first, at most TAP_DUE_LIMIT. */
export function pickDueTaps<T extends TapDueFacts>(candidates: T[], now: number, stuckBefore: number): T[] {
  return candidates
    .filter((r) => isTapDue(r, now, stuckBefore))
    .sort((a, b) => soonestDeadlineOf(a) - soonestDeadlineOf(b))
    .slice(0, TAP_DUE_LIMIT);
}
