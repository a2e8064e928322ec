import type { DirectoryUser } from '../domain/types';
import type { TapApprover, TapLifetimePolicy, TapPerson, TapRequest, TapStatus } from '../domain/tap-request';

/**
 * The TAP approval state machine, pure: each transition returns a new request or throws.
 * pending → approved → issued | failed (→ retry → approved); pending → rejected | expired; failed → expired.
 */
const NEXT: Record<TapStatus, TapStatus[]> = {
  pending: ['approved', 'rejected', 'expired'],
  approved: ['issued', 'failed'],
  failed: ['approved', 'expired'],
  issued: [],
  rejected: [],
  expired: [],
};

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

export const expire = (req: TapRequest) => move(req, 'expired', {});

/** Pending or failed past its deadline: the sweeper (or the next click) expires it. */
export function isDue(req: TapRequest, now: number): boolean {
  return (req.status === 'pending' || req.status === 'failed') && req.expiresAt <= now;
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
