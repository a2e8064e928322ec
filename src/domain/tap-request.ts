/** A TAP request as the approval flow stores it. Never holds the pass itself. */
/**
 * held: taken while Microsoft Graph couldn't answer the checks; checked and routed when it does.
 * waiting: approved, but Graph couldn't create the pass yet; tried again until the hold ends.
 * refused: held, then the checks said no (an admin, a disabled account…).
 */
export type TapStatus = 'held' | 'pending' | 'approved' | 'waiting' | 'issued' | 'failed' | 'rejected' | 'refused' | 'expired';

export interface TapPerson {
  /** Entra object id. */
  id: string;
  name: string;
  upn?: string;
}

export interface TapApprover extends TapPerson {
  via: 'manager' | 'group';
}

export interface TapLifetimePolicy {
  min: number;
  max: number;
  default: number;
}

export interface TapRequest {
  id: string;
  tenantId: string;
  target: TapPerson & { upn: string; mfa: string };
  requester: TapPerson & { teamsId: string };
  /** The conversation the request was typed in: the tracking card, fallbacks and notices go there. */
  origin: { ref: Record<string, unknown>; kind: 'personal' | 'groupChat' | 'channel'; serviceUrl: string };
  reason: string;
  lifetimeMinutes: number;
  isUsableOnce: boolean;
  policy: TapLifetimePolicy;
  approvers: TapApprover[];
  /** Expiry (ISO) of a usable TAP the target already held when the request was made. */
  existingTapUntil?: string;
  status: TapStatus;
  createdAt: number;
  /** Pending: when the request lapses. Failed: until when Retry is offered. */
  expiresAt: number;
  decidedBy?: TapPerson;
  decidedAt?: number;
  rejectReason?: string;
  failureReason?: string;
  /** ISO time the issued pass stops working; shown on every card (the code never is). */
  tapValidUntil?: string;
  issuedAt?: number;
  /** Held before the checks: the name as the requester typed it (the target isn't known yet). */
  heldTerm?: string;
  /** Held or waiting: when the bot tries Graph again. */
  nextTryAt?: number;
  /** Held or waiting: how many tries so far (the backoff grows with them). */
  attempts?: number;
}

export type TapAuditEvent =
  'requested' | 'held' | 'routed' | 'refused' | 'approved' | 'waiting' | 'issued' | 'failed' | 'rejected' | 'expired' | 'retried';

export interface TapAuditEntry {
  requestId: string;
  at: number;
  event: TapAuditEvent;
  actor?: TapPerson;
  target: { id: string; upn: string; name: string };
  reason: string;
  lifetimeMinutes: number;
  detail?: string;
}

/** Where a card about a request lives, so it can be updated in place (also after a restart). */
export interface TapCardRef {
  requestId: string;
  /** approver: in that approver's 1:1 chat; tracking: in the requesting conversation. */
  role: 'approver' | 'tracking';
  approverId?: string;
  /** The tracking card carries buttons when it stands in for an approver the bot couldn't reach privately. */
  actionable: boolean;
  /** Approvers @mentioned on the tracking card (unreachable in 1:1). */
  mentioned: string[];
  ref: Record<string, unknown>;
  activityId: string;
}

/** Every status, in the order a request can pass through them. */
export const TAP_STATUSES: TapStatus[] = ['held', 'pending', 'approved', 'waiting', 'issued', 'failed', 'rejected', 'refused', 'expired'];

/** Statuses that hold the user's one open request: nobody gets a second pass request beside these. */
export const OPEN_TAP_STATUSES: TapStatus[] = ['held', 'pending', 'approved', 'waiting', 'failed'];

/**
 * What "one open request per user" is keyed on: the user's object id, or, while a held request's target is
 * still unknown, the name it was asked for.
 */
export function targetKeyOf(req: Pick<TapRequest, 'target' | 'heldTerm'>): string {
  return req.target.id ? req.target.id.toLowerCase() : `term:${(req.heldTerm ?? req.target.name).toLowerCase()}`;
}
