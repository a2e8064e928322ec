import type { ConditionalAccessPolicy, SimUser } from './sim-types';

/** The parts of a conditionalAccessPolicy the sign-in log reads (seed/policies.ts builds the full Graph shape). */
interface PolicyShape {
  state?: string;
  conditions?: {
    users?: Partial<
      Record<'includeUsers' | 'excludeUsers' | 'includeGroups' | 'excludeGroups' | 'includeRoles' | 'excludeRoles', string[]>
    >;
    applications?: { includeApplications?: string[]; includeUserActions?: string[] };
  };
  grantControls?: { builtInControls?: string[]; authenticationStrength?: unknown } | null;
}

const shape = (p: ConditionalAccessPolicy) => p as unknown as PolicyShape;

/** A policy on sign-ins to apps (not on a user action such as registering security info). */
export const isSignInPolicy = (p: ConditionalAccessPolicy) => (shape(p).conditions?.applications?.includeApplications ?? []).length > 0;

export const requiresMfa = (p: ConditionalAccessPolicy) => {
  const grant = shape(p).grantControls;
  return Boolean(grant && ((grant.builtInControls ?? []).includes('mfa') || grant.authenticationStrength));
};

export const blocks = (p: ConditionalAccessPolicy) => (shape(p).grantControls?.builtInControls ?? []).includes('block');

/** The grant controls as the sign-in log prints them: `mfa` → `Mfa`, `block` → `Block`. */
export const grantControlsOf = (p: ConditionalAccessPolicy): string[] => {
  const grant = shape(p).grantControls;
  const names = (grant?.builtInControls ?? []).map((c) => c.charAt(0).toUpperCase() + c.slice(1));
  return grant?.authenticationStrength ? [...names, 'Authentication Strength(s)'] : names;
};

/** Included by user, group or role, and not excluded by any of them (guests match 'GuestsOrExternalUsers'). */
export function inScope(p: ConditionalAccessPolicy, user: SimUser, groupIds: Set<string>, roleTemplateIds: Set<string>): boolean {
  const u = shape(p).conditions?.users ?? {};
  const guest = user.userType === 'Guest';
  const hasUser = (list?: string[]) =>
    (list ?? []).some((x) => x === 'All' || x.toLowerCase() === user.id.toLowerCase() || (guest && x === 'GuestsOrExternalUsers'));
  const hasAny = (list: string[] | undefined, ids: Set<string>) => (list ?? []).some((x) => ids.has(x));
  const included = hasUser(u.includeUsers) || hasAny(u.includeGroups, groupIds) || hasAny(u.includeRoles, roleTemplateIds);
  const excluded = hasUser(u.excludeUsers) || hasAny(u.excludeGroups, groupIds) || hasAny(u.excludeRoles, roleTemplateIds);
  return included && !excluded;
}
