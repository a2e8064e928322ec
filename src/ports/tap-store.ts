import type { TapAuditEntry, TapCardRef, TapRequest, TapStatus } from '../domain/tap-request';

/** TAP requests, their cards and the audit trail. Nothing here ever holds a pass's code. */
export interface TapStore {
  /**
   * 'target-busy' when another request for the same user is still open: pending, approved or failed
   * (enforced atomically; user ids compared case-insensitively).
   */
  create(req: TapRequest): Promise<'created' | 'target-busy'>;
  get(id: string): Promise<TapRequest | undefined>;
  /**
   * Atomic compare-and-set: stores `next` only if the request is still in `from`. Exactly one of
   * several concurrent callers (in one process or several sharing the database) gets true.
   */
  transition(from: TapStatus, next: TapRequest): Promise<boolean>;
  /** The user's open request (pending, approved or failed), ids compared case-insensitively. */
  openFor(targetId: string): Promise<TapRequest | undefined>;
  /** Requests by this requester created strictly after `since` (ids compared case-insensitively). */
  countByRequesterSince(requesterId: string, since: number): Promise<number>;
  /**
   * Pending or failed requests whose expiresAt is at or before `now`, and approved ones decided at or before
   * `stuckBefore`: at most 100, earliest expiresAt first.
   */
  due(now: number, stuckBefore: number): Promise<TapRequest[]>;
  /** A card for the same request, conversation and activity replaces the earlier one. */
  addCard(card: TapCardRef): Promise<void>;
  /** In the order they were added. */
  cards(requestId: string): Promise<TapCardRef[]>;
  audit(entry: TapAuditEntry): Promise<void>;
  /** Newest first, at most `limit`; `targetId` compared case-insensitively. */
  history(opts: { targetId?: string; limit: number }): Promise<TapAuditEntry[]>;
  /** How many requests are in each status (every status present, 0 when none); read for the metrics gauge. */
  countByStatus(): Promise<Record<TapStatus, number>>;
}
