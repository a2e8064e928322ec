import { assessLockout, isSignInPolicy, requiresMfa, restrictsRegistration } from './lockout-risk';
import type { ConditionalAccessPolicy, Membership } from './directory-types';

/** One row of the registration report (reports/authenticationMethods/userRegistrationDetails). */
export interface RegistrationRow {
  id: string;
  userPrincipalName: string;
  userDisplayName: string;
  userType?: string | null;
  isAdmin: boolean;
  isMfaRegistered: boolean;
  isMfaCapable: boolean;
  isPasswordlessCapable: boolean;
  methodsRegistered: string[];
  lastUpdatedDateTime?: string | null;
}

export interface ScopeData {
  policies: ConditionalAccessPolicy[];
  /** Lower-cased group id → lower-cased user ids (transitive), for every group a counted policy names. */
  groups: Map<string, Set<string>>;
  /** Lower-cased role template id → lower-cased user ids. */
  roles: Map<string, Set<string>>;
}

export interface TallyContext {
  newHireIds: Set<string>;
  /** Accounts with sign-in blocked: they can't be locked out of anything, so they are never at risk. */
  disabledIds?: Set<string>;
  /** Registration changes at or after this instant count as "changed recently". */
  changedSince: number;
  /** Start of the active identity incident, when there is one (the cohort window). */
  incidentSince?: number;
  /** Conditional access scope; absent when the policies couldn't be read. */
  scope?: ScopeData;
}

export interface Sampled {
  id: string;
  upn: string;
  name: string;
}

export const SAMPLE_SIZE = 20;

/** A counter with the first few members kept by name: enough for a card, constant memory. */
export class SampledCount {
  count = 0;
  readonly first: Sampled[] = [];
  add(row: RegistrationRow): void {
    this.count++;
    if (this.first.length < SAMPLE_SIZE) this.first.push({ id: row.id, upn: row.userPrincipalName, name: row.userDisplayName });
  }
}

/**
 * Someone in a notify cohort: every cohort is a subset of "not MFA-registered, account enabled", so one list of
 * those (ids and names only: small enough for 100k users) with two flags serves all three.
 */
export interface CohortMember {
  /** Lower-cased Entra object id. */
  id: string;
  name: string;
  newHire: boolean;
  /** Set once settled: TAP holders are at risk only if their TAP turns out not to be usable. */
  atRisk: boolean;
}

/** The notify cohorts, by the rule each is computed with (the lockout rule, not registered, new hires). */
export type CohortName = 'at-risk' | 'unregistered' | 'new-hires';

export interface RowVerdict {
  newHire: boolean;
  changedRecently: boolean;
  /** Enforced MFA sign-in policies that apply and would lock the user out (without a usable TAP). */
  lockingPolicies: ConditionalAccessPolicy[];
  /** At risk unless the TAP the report lists is still usable: settled later by confirmTap(). */
  tapPending: boolean;
  atRisk: boolean;
}

/**
 * Streaming enrolment audit and lockout count: add() each report row once, in any page size.
 * Memory is the counters, a few samples per group, the ids of users already seen, and the id and name of
 * each enabled account not registered (the notify cohorts).
 */
export class EnrolmentTally {
  total = 0;
  mfaRegistered = 0;
  mfaCapable = 0;
  passwordlessCapable = 0;
  readonly notRegistered = new SampledCount();
  readonly adminsNotRegistered = new SampledCount();
  readonly newHiresNotRegistered = new SampledCount();
  readonly changedRecently = new SampledCount();
  /** Distinct users at risk of lockout (TAP holders confirmed usable are not). */
  readonly atRisk = new SampledCount();
  /** At-risk users who are new hires or changed registration during the incident window. */
  readonly cohort = new SampledCount();
  /** Users the report lists with a TAP, at risk unless it is usable; settled by confirmTap(). */
  readonly tapPending = new Map<string, { row: RegistrationRow; verdict: RowVerdict; member?: CohortMember }>();
  /** Every enabled account not MFA-registered, in report order: the notify cohorts are drawn from these. */
  readonly unregisteredEnabled: CohortMember[] = [];
  tapCovered = 0;
  /** Unregistered accounts in scope of an MFA policy that are disabled anyway. */
  disabledExcluded = 0;
  /** Policy id → in-scope users it would lock out. */
  readonly byPolicy = new Map<string, number>();
  /** Registration-restricting policy id → in-scope users not registered (can't fix it themselves). */
  readonly blockedRegistration = new Map<string, number>();
  private readonly seen = new Set<string>();
  private readonly counted: ConditionalAccessPolicy[];
  private readonly registrationPolicies: ConditionalAccessPolicy[];

  constructor(private readonly ctx: TallyContext) {
    const enabled = (ctx.scope?.policies ?? []).filter((p) => p.state === 'enabled' && requiresMfa(p));
    this.counted = enabled.filter(isSignInPolicy);
    this.registrationPolicies = enabled.filter(restrictsRegistration);
    for (const p of this.counted) this.byPolicy.set(p.id, 0);
    for (const p of this.registrationPolicies) this.blockedRegistration.set(p.id, 0);
  }

  /** Counts one row; returns its verdict (for the CSV), or undefined for a row already counted. */
  add(row: RegistrationRow): RowVerdict | undefined {
    const key = row.id.toLowerCase();
    if (this.seen.has(key)) return undefined;
    this.seen.add(key);
    this.total++;
    if (row.isMfaRegistered) this.mfaRegistered++;
    if (row.isMfaCapable) this.mfaCapable++;
    if (row.isPasswordlessCapable) this.passwordlessCapable++;
    const newHire = this.ctx.newHireIds.has(key);
    const updated = Date.parse(row.lastUpdatedDateTime ?? '');
    const changedRecently = !Number.isNaN(updated) && updated >= this.ctx.changedSince;
    if (!row.isMfaRegistered) {
      this.notRegistered.add(row);
      if (row.isAdmin) this.adminsNotRegistered.add(row);
      if (newHire) this.newHiresNotRegistered.add(row);
    }
    if (changedRecently) this.changedRecently.add(row);
    let member: CohortMember | undefined;
    if (!row.isMfaRegistered && !this.ctx.disabledIds?.has(key)) {
      member = { id: key, name: row.userDisplayName, newHire, atRisk: false };
      this.unregisteredEnabled.push(member);
    }

    const verdict: RowVerdict = { newHire, changedRecently, lockingPolicies: [], tapPending: false, atRisk: false };
    if (!this.ctx.scope || row.isMfaRegistered) return verdict;
    if (this.ctx.disabledIds?.has(key)) {
      this.disabledExcluded++;
      return verdict;
    }
    const membership = this.membershipOf(key);
    const user = { id: row.id, userType: row.userType ?? undefined };
    const assessment = assessLockout({
      user,
      membership,
      mfaRegistered: false,
      hasUsableTap: false,
      policies: [...this.counted, ...this.registrationPolicies],
    });
    for (const p of assessment.blockingRegistration) this.blockedRegistration.set(p.id, (this.blockedRegistration.get(p.id) ?? 0) + 1);
    verdict.lockingPolicies = assessment.enforcing;
    if (!assessment.atRisk) return verdict;
    if (row.methodsRegistered.some((m) => m.toLowerCase() === 'temporaryaccesspass')) {
      verdict.tapPending = true;
      this.tapPending.set(key, { row, verdict, member });
      return verdict;
    }
    this.countAtRisk(row, verdict, member);
    return verdict;
  }

  /** Settles the TAP holders: a usable TAP gets them in, anything else leaves them at risk. */
  confirmTap(usable: Set<string>): Array<{ row: RegistrationRow; verdict: RowVerdict }> {
    const settled = [...this.tapPending.entries()].map(([key, entry]) => {
      entry.verdict.tapPending = false;
      if (usable.has(key)) this.tapCovered++;
      else this.countAtRisk(entry.row, entry.verdict, entry.member);
      return entry;
    });
    this.tapPending.clear();
    return settled;
  }

  get notRegisteredCount(): number {
    return this.notRegistered.count;
  }

  /**
   * A cohort's members, exactly as the cards count them: at-risk is the lockout rule (the lockout card's
   * number), unregistered and new-hires leave disabled accounts out. At-risk needs the policies and is
   * complete once confirmTap() has run.
   */
  members(cohort: CohortName): CohortMember[] {
    if (cohort === 'at-risk') return this.unregisteredEnabled.filter((m) => m.atRisk);
    if (cohort === 'new-hires') return this.unregisteredEnabled.filter((m) => m.newHire);
    return this.unregisteredEnabled;
  }

  private countAtRisk(row: RegistrationRow, verdict: RowVerdict, member: CohortMember | undefined): void {
    verdict.atRisk = true;
    if (member) member.atRisk = true;
    this.atRisk.add(row);
    for (const p of verdict.lockingPolicies) this.byPolicy.set(p.id, (this.byPolicy.get(p.id) ?? 0) + 1);
    const updated = Date.parse(row.lastUpdatedDateTime ?? '');
    const duringIncident = this.ctx.incidentSince !== undefined && !Number.isNaN(updated) && updated >= this.ctx.incidentSince;
    if (this.ctx.incidentSince !== undefined && (verdict.newHire || duringIncident)) this.cohort.add(row);
  }

  /** Only the groups and roles the counted policies name matter, so membership is looked up in those. */
  private membershipOf(userKey: string): Membership {
    const groupIds = new Set<string>();
    const roleTemplateIds = new Set<string>();
    for (const [g, members] of this.ctx.scope?.groups ?? []) if (members.has(userKey)) groupIds.add(g);
    for (const [r, members] of this.ctx.scope?.roles ?? []) if (members.has(userKey)) roleTemplateIds.add(r);
    return { groupIds, roleTemplateIds };
  }
}

/** Group and role ids that the enabled MFA policies name, in includes or excludes. */
export function scopeReferences(policies: ConditionalAccessPolicy[]): { groupIds: string[]; roleTemplateIds: string[] } {
  const counted = policies.filter((p) => p.state === 'enabled' && requiresMfa(p) && (isSignInPolicy(p) || restrictsRegistration(p)));
  const groups = new Set<string>();
  const roles = new Set<string>();
  for (const p of counted) {
    for (const g of [...p.users.includeGroups, ...p.users.excludeGroups]) groups.add(g.toLowerCase());
    for (const r of [...p.users.includeRoles, ...p.users.excludeRoles]) roles.add(r.toLowerCase());
  }
  return { groupIds: [...groups], roleTemplateIds: [...roles] };
}
