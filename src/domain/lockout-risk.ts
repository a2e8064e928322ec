import type { ConditionalAccessPolicy, DirectoryUser, Membership } from './directory-types';

export const REGISTER_SECURITY_INFO = 'urn:user:registersecurityinfo';

export function requiresMfa(p: ConditionalAccessPolicy): boolean {
  return p.builtInControls.some((c) => c.toLowerCase() === 'mfa') || Boolean(p.authenticationStrength);
}

/** A sign-in policy targets applications; a registration policy targets the "register security info" user action. */
export function isSignInPolicy(p: ConditionalAccessPolicy): boolean {
  return p.includeApplications.length > 0 && !p.includeUserActions.length;
}

export function restrictsRegistration(p: ConditionalAccessPolicy): boolean {
  return p.includeUserActions.some((a) => a.toLowerCase() === REGISTER_SECURITY_INFO);
}

export type Scope = { inScope: true } | { inScope: false; reason: string };

/** Includes minus excludes across users, groups and roles, as Conditional Access evaluates them. */
export function scopeOf(p: ConditionalAccessPolicy, user: Pick<DirectoryUser, 'id' | 'userType'>, membership: Membership): Scope {
  const u = p.users;
  const has = (list: string[], v: string) => list.some((x) => x.toLowerCase() === v.toLowerCase());
  const guest = (user.userType ?? '').toLowerCase() === 'guest';
  if (has(u.excludeUsers, user.id)) return { inScope: false, reason: 'excluded by name' };
  if (guest && has(u.excludeUsers, 'GuestsOrExternalUsers')) return { inScope: false, reason: 'guests are excluded' };
  const exGroup = u.excludeGroups.find((g) => membership.groupIds.has(g.toLowerCase()));
  if (exGroup) return { inScope: false, reason: `excluded through group ${exGroup}` };
  const exRole = u.excludeRoles.find((r) => membership.roleTemplateIds.has(r.toLowerCase()));
  if (exRole) return { inScope: false, reason: `excluded through directory role ${exRole}` };
  const included =
    has(u.includeUsers, 'All') ||
    has(u.includeUsers, user.id) ||
    (guest && has(u.includeUsers, 'GuestsOrExternalUsers')) ||
    u.includeGroups.some((g) => membership.groupIds.has(g.toLowerCase())) ||
    u.includeRoles.some((r) => membership.roleTemplateIds.has(r.toLowerCase()));
  return included ? { inScope: true } : { inScope: false, reason: 'not included' };
}

export interface PolicyVerdict {
  policy: ConditionalAccessPolicy;
  scope: Scope;
}

export interface LockoutAssessment {
  /** In scope of an enforced MFA sign-in policy, not MFA-registered and without a usable TAP. */
  atRisk: boolean;
  /** Enforced MFA sign-in policies that apply to the user. */
  enforcing: ConditionalAccessPolicy[];
  /** Enforced policies that demand MFA to register security info and apply to the user. */
  blockingRegistration: ConditionalAccessPolicy[];
  /** Every MFA policy with its verdict, report-only and disabled ones included (never counted). */
  verdicts: PolicyVerdict[];
}

export function assessLockout(input: {
  user: Pick<DirectoryUser, 'id' | 'userType'>;
  membership: Membership;
  mfaRegistered: boolean;
  hasUsableTap: boolean;
  policies: ConditionalAccessPolicy[];
}): LockoutAssessment {
  const verdicts = input.policies.filter(requiresMfa).map((policy) => ({ policy, scope: scopeOf(policy, input.user, input.membership) }));
  const applying = verdicts.filter((v) => v.policy.state === 'enabled' && v.scope.inScope).map((v) => v.policy);
  const enforcing = applying.filter(isSignInPolicy);
  const blockingRegistration = applying.filter(restrictsRegistration);
  const exposed = !input.mfaRegistered && !input.hasUsableTap;
  return { atRisk: exposed && enforcing.length > 0, enforcing, blockingRegistration, verdicts };
}
