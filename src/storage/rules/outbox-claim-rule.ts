import type { OutboxItem, OutboxState } from '../../ports/outbox-store';

/**
 * Who may take an outbox item, written once for every backend. A backend may narrow its candidates (an index,
 * a WHERE clause, a lane's list) but each item is judged here.
 */

/** States an item is unfinished in: it keeps its place in its lane (the earliest is the head) and is still to go. */
export const UNFINISHED_STATES: OutboxState[] = ['queued', 'sending'];

export const isUnfinished = (state: unknown): boolean => UNFINISHED_STATES.includes(state as OutboxState);

/** What the rule reads of an item. */
export type ClaimFacts = Pick<OutboxItem, 'state' | 'notBefore' | 'claim'>;

/** Where the item stands in its lane. */
export interface LaneFacts {
  isHead: boolean;
  paused: boolean;
}

/** Items of a lane go one at a time, in order, and none while the lane is paused. */
export const isOpenHead = (lane: LaneFacts): boolean => lane.isHead && !lane.paused;

/**
 * May `holder` take the item, as far as the item itself says: unfinished, due (notBefore has come), and not
 * claimed by someone else until later. A claim ends at its `until`; its own holder may claim again at any time.
 * Without a holder: may anyone (what `due` offers).
 */
export function isClaimable(item: ClaimFacts, now: number, holder?: string): boolean {
  if (!isUnfinished(item.state) || item.notBefore > now) return false;
  return !item.claim || item.claim.until <= now || (holder !== undefined && item.claim.holder === holder);
}

/** The whole rule: a claimable item at the head of an unpaused lane. */
export const mayClaim = (item: ClaimFacts, lane: LaneFacts, now: number, holder?: string): boolean =>
  isOpenHead(lane) && isClaimable(item, now, holder);

/** The order `due` offers heads in: the earliest notBefore first, then enqueue order. */
export function compareDueOrder(a: { notBefore: number; seq: number | string }, b: { notBefore: number; seq: number | string }): number {
  return a.notBefore - b.notBefore || (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0);
}
