import { assessLockout, scopeOf } from '../../src/domain/lockout-risk';
import type { ConditionalAccessPolicy, Membership } from '../../src/domain/directory-types';

const BREAK_GLASS = 'bbbbbbbb-0000-4000-8000-000000000001';
const ADMIN_ROLE = '62e90394-69f5-4237-9190-012177145e10';

function policy(
  p: Omit<Partial<ConditionalAccessPolicy>, 'users'> & { users?: Partial<ConditionalAccessPolicy['users']> },
): ConditionalAccessPolicy {
  return {
    id: p.id ?? 'p1',
    displayName: p.displayName ?? 'Require MFA',
    state: p.state ?? 'enabled',
    users: { includeUsers: [], excludeUsers: [], includeGroups: [], excludeGroups: [], includeRoles: [], excludeRoles: [], ...p.users },
    includeApplications: p.includeApplications ?? ['All'],
    includeUserActions: p.includeUserActions ?? [],
    builtInControls: p.builtInControls ?? ['mfa'],
    authenticationStrength: p.authenticationStrength ?? null,
  };
}
const none: Membership = { groupIds: new Set(), roleTemplateIds: new Set() };
const user = { id: 'u1', userType: 'Member' };

describe('lockout risk', () => {
  const allUsers = policy({ users: { includeUsers: ['All'], excludeGroups: [BREAK_GLASS] } });

  it('unregistered, no TAP, in scope of an enforced MFA policy → at risk', () => {
    const r = assessLockout({ user, membership: none, mfaRegistered: false, hasUsableTap: false, policies: [allUsers] });
    expect(r.atRisk).toBe(true);
    expect(r.enforcing.map((p) => p.id)).toEqual(['p1']);
  });

  it('a usable TAP or a registration removes the risk', () => {
    expect(assessLockout({ user, membership: none, mfaRegistered: false, hasUsableTap: true, policies: [allUsers] }).atRisk).toBe(false);
    expect(assessLockout({ user, membership: none, mfaRegistered: true, hasUsableTap: false, policies: [allUsers] }).atRisk).toBe(false);
  });

  it('exclusion by group (transitive membership) and by user', () => {
    const inBreakGlass: Membership = { groupIds: new Set([BREAK_GLASS]), roleTemplateIds: new Set() };
    expect(scopeOf(allUsers, user, inBreakGlass)).toMatchObject({ inScope: false });
    expect(scopeOf(policy({ users: { includeUsers: ['All'], excludeUsers: ['u1'] } }), user, none)).toMatchObject({ inScope: false });
  });

  it('inclusion by role and by group', () => {
    const admins = policy({ users: { includeRoles: [ADMIN_ROLE] } });
    expect(scopeOf(admins, user, none).inScope).toBe(false);
    expect(scopeOf(admins, user, { groupIds: new Set(), roleTemplateIds: new Set([ADMIN_ROLE]) }).inScope).toBe(true);
    const group = policy({ users: { includeGroups: ['G1'] } });
    expect(scopeOf(group, user, { groupIds: new Set(['g1']), roleTemplateIds: new Set() }).inScope).toBe(true);
  });

  it('report-only and disabled policies never count', () => {
    const reportOnly = policy({ state: 'enabledForReportingButNotEnforced', users: { includeUsers: ['All'] } });
    const disabled = policy({ state: 'disabled', users: { includeUsers: ['All'] } });
    const r = assessLockout({ user, membership: none, mfaRegistered: false, hasUsableTap: false, policies: [reportOnly, disabled] });
    expect(r.atRisk).toBe(false);
    expect(r.verdicts).toHaveLength(2);
  });

  it('an authentication strength counts as requiring MFA; a block-only policy does not', () => {
    const strength = policy({
      builtInControls: [],
      authenticationStrength: { displayName: 'Phishing-resistant MFA', requirementsSatisfied: 'mfa' },
      users: { includeUsers: ['All'] },
    });
    const block = policy({ builtInControls: ['block'], users: { includeUsers: ['All'] } });
    expect(assessLockout({ user, membership: none, mfaRegistered: false, hasUsableTap: false, policies: [strength] }).atRisk).toBe(true);
    expect(assessLockout({ user, membership: none, mfaRegistered: false, hasUsableTap: false, policies: [block] }).atRisk).toBe(false);
  });

  it('a security-info registration policy is reported separately, not as sign-in lockout', () => {
    const reg = policy({
      includeApplications: [],
      includeUserActions: ['urn:user:registersecurityinfo'],
      users: { includeUsers: ['All'] },
    });
    const r = assessLockout({ user, membership: none, mfaRegistered: false, hasUsableTap: false, policies: [reg] });
    expect(r.atRisk).toBe(false);
    expect(r.blockingRegistration).toHaveLength(1);
  });

  it('guests are matched by GuestsOrExternalUsers', () => {
    const guests = policy({ users: { includeUsers: ['GuestsOrExternalUsers'] } });
    expect(scopeOf(guests, { id: 'g', userType: 'Guest' }, none).inScope).toBe(true);
    expect(scopeOf(guests, user, none).inScope).toBe(false);
  });
});
