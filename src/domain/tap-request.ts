/** A TAP request as the approval flow stores it. Never holds the pass itself. */
export type TapStatus = 'pending' | 'approved' | 'issued' | 'failed' | 'rejected' | 'expired';

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
}

export type TapAuditEvent = 'requested' | 'approved' | 'issued' | 'failed' | 'rejected' | 'expired' | 'retried';

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
