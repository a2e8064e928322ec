import type { DirectoryUser } from '../../domain/directory-types';
import type { TapApprover, TapLifetimePolicy, TapPerson, TapRequest, TapStatus } from '../../domain/tap-request';

/**
 * The TAP approval state machine, pure: each transition returns a new request or throws.
 * held → pending | refused | expired (a request taken while Graph couldn't answer the checks);
 * pending → approved → issued | failed | waiting (→ approved again on the next try, or expired when the hold
 * ends); failed → approved (Retry) | expired; pending → rejected | expired.
 */
const NEXT: Record<TapStatus, TapStatus[]> = {
  held: ['pending', 'refused', 'expired'],
  pending: ['approved', 'rejected', 'expired'],
  approved: ['issued', 'failed', 'waiting'],
  waiting: ['approved', 'expired'],
  failed: ['approved', 'expired'],
  issued: [],
  rejected: [],
  refused: [],
  expired: [],
};

/** How long after a failed try the next one comes: within 30 s, then doubling, at most every 5 minutes. */
export function nextTryDelayMs(attempts: number): number {
  return Math.min(5 * 60_000, 15_000 * 2 ** Math.max(0, attempts - 1));
}

export class TransitionError extends Error {
  constructor(
    readonly from: TapStatus,
    readonly to: TapStatus,
  ) {
    super(`a ${from} TAP request can't become ${to}`);
    this.name = 'TransitionError';
  }
}

function move(req: TapRequest, to: TapStatus, patch: Partial<TapRequest>, onlyFrom?: TapStatus): TapRequest {
  if (!NEXT[req.status].includes(to) || (onlyFrom && req.status !== onlyFrom)) throw new TransitionError(req.status, to);
  return { ...req, ...patch, status: to };
}

export const approve = (req: TapRequest, by: TapPerson, lifetimeMinutes: number, now: number) =>
  move(req, 'approved', { decidedBy: by, decidedAt: now, lifetimeMinutes, failureReason: undefined }, 'pending');

export const retry = (req: TapRequest, by: TapPerson, now: number) =>
  move(req, 'approved', { decidedBy: by, decidedAt: now, failureReason: undefined }, 'failed');

export const reject = (req: TapRequest, by: TapPerson, reason: string | undefined, now: number) =>
  move(req, 'rejected', { decidedBy: by, decidedAt: now, rejectReason: reason || undefined });

export const markIssued = (req: TapRequest, validUntil: string, now: number) =>
  move(req, 'issued', { tapValidUntil: validUntil, issuedAt: now });

/** A failed request keeps its Retry button for one more request lifetime. */
/** Retry stays possible for one window after the failure, but never beyond two windows from the request. */
export const markFailed = (req: TapRequest, reason: string, now: number, retryWindowMs: number) =>
  move(req, 'failed', {
    failureReason: reason,
    expiresAt: Math.max(now, Math.min(now + retryWindowMs, req.createdAt + 2 * retryWindowMs)),
  });

export const expire = (req: TapRequest) => move(req, 'expired', { nextTryAt: undefined });

/** The checks ran and said yes: the held request becomes the full one, with its target, approvers and lifetime. */
export const route = (held: TapRequest, checked: TapRequest) =>
  move(
    held,
    'pending',
    { ...checked, id: held.id, createdAt: held.createdAt, heldTerm: undefined, nextTryAt: undefined, attempts: undefined },
    'held',
  );

/** The checks ran and said no; `reason` is their sentence. */
export const refuse = (held: TapRequest, reason: string) => move(held, 'refused', { failureReason: reason, nextTryAt: undefined }, 'held');

/** A held request's checks couldn't run again: try later. */
export const tryLater = (held: TapRequest, now: number): TapRequest => {
  const attempts = (held.attempts ?? 0) + 1;
  return { ...held, attempts, nextTryAt: now + nextTryDelayMs(attempts) };
};

/**
 * Graph couldn't create the approved pass for now (or didn't say whether it did): the request waits and is
 * tried again with backoff until the hold ends (`holdMs` after the approval). A new try makes a new pass,
 * which replaces any the unanswered one made.
 */
export const waitForGraph = (req: TapRequest, reason: string, now: number, holdMs: number) => {
  const attempts = (req.attempts ?? 0) + 1;
  return move(
    req,
    'waiting',
    { failureReason: reason, attempts, nextTryAt: now + nextTryDelayMs(attempts), expiresAt: (req.decidedAt ?? now) + holdMs },
    'approved',
  );
};

/** The next try of a waiting request: back to approved, which the one who moved it then issues. */
export const resume = (req: TapRequest) => move(req, 'approved', { nextTryAt: undefined }, 'waiting');

/**
 * Due for the sweeper (or the next click): pending or failed past the deadline; held or waiting past the hold,
 * or at their next try.
 */
export function isDue(req: TapRequest, now: number): boolean {
  if (req.status === 'pending' || req.status === 'failed') return req.expiresAt <= now;
  if (req.status === 'held' || req.status === 'waiting') return req.expiresAt <= now || (req.nextTryAt ?? 0) <= now;
  return false;
}

/** A request past its hold (or its deadline): what is left to do is expire it. */
export function isLapsed(req: TapRequest, now: number): boolean {
  return req.expiresAt <= now;
}

export type DecisionRefusal = 'anonymous' | 'requester' | 'target' | 'not-approver';

/** Who may approve, reject or retry: a listed approver who is neither the requester nor the target. */
export function mayDecide(req: TapRequest, actorId: string | undefined): DecisionRefusal | undefined {
  if (!actorId) return 'anonymous';
  const id = actorId.toLowerCase();
  if (id === req.requester.id.toLowerCase()) return 'requester';
  if (id === req.target.id.toLowerCase()) return 'target';
  if (!req.approvers.some((a) => a.id.toLowerCase() === id)) return 'not-approver';
  return undefined;
}

/** Manager first, then the approver group; never the requester or the target; each person once. */
export function pickApprovers(
  manager: DirectoryUser | undefined,
  groupMembers: DirectoryUser[],
  requesterId: string,
  targetId: string,
  max: number,
): TapApprover[] {
  const out: TapApprover[] = [];
  const seen = new Set([requesterId.toLowerCase(), targetId.toLowerCase()]);
  const add = (u: DirectoryUser, via: TapApprover['via']) => {
    if (!u?.id || seen.has(u.id.toLowerCase()) || u.accountEnabled === false || out.length >= max) return;
    seen.add(u.id.toLowerCase());
    out.push({ id: u.id, name: u.displayName || u.userPrincipalName, upn: u.userPrincipalName, via });
  };
  if (manager) add(manager, 'manager');
  for (const m of groupMembers) add(m, 'group');
  return out;
}

export interface TapPolicySettings {
  defaultLifetimeInMinutes: number;
  minimumLifetimeInMinutes: number;
  maximumLifetimeInMinutes: number;
  isUsableOnce: boolean;
}

/**
 * What to ask for: the policy's default lifetime (or TAP_LIFETIME_MINUTES, kept inside the policy's range)
 * and one-time use when the policy forces it or TAP_ONE_TIME asks for it.
 */
export function chooseLifetime(
  policy: TapPolicySettings,
  configured: { lifetimeMinutes?: number; oneTime?: boolean },
): { lifetimeMinutes: number; isUsableOnce: boolean; range: TapLifetimePolicy; clamped: boolean } {
  const min = policy.minimumLifetimeInMinutes;
  const max = Math.max(min, policy.maximumLifetimeInMinutes);
  const wanted = configured.lifetimeMinutes ?? policy.defaultLifetimeInMinutes;
  const lifetimeMinutes = Math.min(max, Math.max(min, wanted));
  return {
    lifetimeMinutes,
    isUsableOnce: policy.isUsableOnce || configured.oneTime === true,
    range: { min, max, default: policy.defaultLifetimeInMinutes },
    clamped: configured.lifetimeMinutes !== undefined && lifetimeMinutes !== configured.lifetimeMinutes,
  };
}

/** The lifetimes an approver may pick from: common steps inside the policy range, plus the requested one. */
export function lifetimeOptions(range: TapLifetimePolicy, requested: number): number[] {
  const steps = [range.min, 60, 120, 240, 480, 1440, range.max, requested];
  return [...new Set(steps.filter((m) => m >= range.min && m <= range.max))].sort((a, b) => a - b);
}

export function parseLifetimeChoice(value: unknown, range: TapLifetimePolicy): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,6}$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isInteger(n) && n >= range.min && n <= range.max ? n : undefined;
}
