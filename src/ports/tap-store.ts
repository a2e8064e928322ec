import type { TapAuditEntry, TapCardRef, TapRequest, TapStatus } from '../domain/tap-request';

/** TAP requests, their cards and the audit trail. Nothing here ever holds a pass's code. */
export interface TapStore {
  /** 'target-busy' when another request for the same user is still open: pending, approved or failed (enforced atomically). */
  create(req: TapRequest): Promise<'created' | 'target-busy'>;
  get(id: string): Promise<TapRequest | undefined>;
  /**
   * Atomic compare-and-set: stores `next` only if the request is still in `from`. Exactly one of
   * several concurrent callers (in one process or several sharing the database) gets true.
   */
  transition(from: TapStatus, next: TapRequest): Promise<boolean>;
  openFor(targetId: string): Promise<TapRequest | undefined>;
  countByRequesterSince(requesterId: string, since: number): Promise<number>;
  /** Pending or failed requests past their deadline, and approved ones stuck since before `stuckBefore`. */
  due(now: number, stuckBefore: number): Promise<TapRequest[]>;
  addCard(card: TapCardRef): Promise<void>;
  cards(requestId: string): Promise<TapCardRef[]>;
  audit(entry: TapAuditEntry): Promise<void>;
  /** Newest first. */
  history(opts: { targetId?: string; limit: number }): Promise<TapAuditEntry[]>;
}
