import type { Clock } from '../../../src/core/clock';
import type { DirectoryUser, Membership } from '../../../src/domain/directory-types';
import type { Directory } from '../../../src/ports/directory';
import { DAY_MS, fixedClock } from './fixed-clock';
import { fakeId, GraphFailures } from './graph-failures';

export interface UserSeed extends Partial<DirectoryUser> {
  displayName: string;
  manager?: Pick<DirectoryUser, 'id'>;
  /** Ids of groups (from addGroup) the user is a direct member of. */
  memberOf?: string[];
  /** Role template ids (from addRole) assigned to the user directly. */
  roles?: string[];
}

export interface FakeGroup {
  id: string;
  displayName: string;
}

export interface FakeRole {
  roleTemplateId: string;
  displayName: string;
}

type Stored = { user: DirectoryUser; managerId?: string; memberOf: string[]; roles: string[] };
type StoredGroup = FakeGroup & { memberOf: string[]; roles: string[] };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const lower = (s: string | null | undefined) => (s ?? '').toLowerCase();
/** What Graph returns for a manager and for group members: the $select of the real reads, nothing more. */
const asManager = ({ id, displayName, userPrincipalName, mail, accountEnabled }: DirectoryUser): DirectoryUser => ({
  id,
  displayName,
  userPrincipalName,
  mail,
  accountEnabled,
});
const asMember = asManager;

/** The Directory port in memory: users with managers, nested groups and directory roles. */
export class FakeDirectory implements Directory {
  private readonly users: Stored[] = [];
  private readonly groups = new Map<string, StoredGroup>();
  private readonly roleNames = new Map<string, string>();
  private readonly failures = new GraphFailures<keyof Directory>({
    findUsers: 'the directory entry you asked for',
    getUser: "the user's directory entry",
    getManager: "the user's manager",
    getMembership: "the user's group memberships",
    getMembershipNames: 'group names',
    checkMemberGroups: 'group membership',
    listGroupUsers: 'the TAP approver group',
    findUserIdsCreatedSince: 'the list of recently created accounts',
    findDisabledUserIds: 'the list of disabled accounts',
    countUsers: 'the number of users',
    findUserIdsInGroup: 'the members of a group used by conditional access',
    findUserIdsWithRole: 'the members of a directory role used by conditional access',
    findManagers: "the cohort's managers",
  });
  readonly fail = this.failures.fail.bind(this.failures);
  readonly heal = this.failures.heal.bind(this.failures);

  constructor(private readonly clock: Clock = fixedClock()) {}

  /**
   * A user, enabled and created a year before the clock's now unless said otherwise; the UPN and mail
   * default to `given.surname@contoso.example` from the display name.
   */
  addUser(seed: UserSeed): DirectoryUser {
    const { manager, memberOf = [], roles = [], ...fields } = seed;
    const [given = '', ...rest] = seed.displayName.split(' ');
    const local = [given, rest.join('')].filter(Boolean).join('.').toLowerCase();
    const user: DirectoryUser = {
      id: fakeId(1, this.users.length + 1),
      userPrincipalName: `${local}@contoso.example`,
      mail: fields.userPrincipalName ?? `${local}@contoso.example`,
      givenName: given,
      surname: rest.join(' ') || null,
      accountEnabled: true,
      createdDateTime: new Date(this.clock.now() - 365 * DAY_MS).toISOString(),
      userType: 'Member',
      jobTitle: null,
      ...fields,
    };
    this.users.push({ user, managerId: manager?.id, memberOf, roles });
    return { ...user };
  }

  /** A security group, itself optionally a member of other groups and holding roles (role-assignable). */
  addGroup(displayName: string, opts: { id?: string; memberOf?: string[]; roles?: string[] } = {}): FakeGroup {
    const id = opts.id ?? fakeId(2, this.groups.size + 1);
    const group = { id, displayName, memberOf: opts.memberOf ?? [], roles: opts.roles ?? [] };
    this.groups.set(lower(group.id), group);
    return { id: group.id, displayName };
  }

  /** A directory role activated in the tenant; pass the real template id when a policy names it. */
  addRole(displayName: string, roleTemplateId = fakeId(3, this.roleNames.size + 1)): FakeRole {
    this.roleNames.set(lower(roleTemplateId), displayName);
    return { roleTemplateId, displayName };
  }

  async findUsers(term: string, limit = 10): Promise<DirectoryUser[]> {
    if (GUID.test(term)) {
      const user = await this.getUser(term);
      return user ? [user] : [];
    }
    this.failures.throwIfFailing('findUsers');
    const t = lower(term);
    const hit = term.includes('@')
      ? (u: DirectoryUser) => lower(u.userPrincipalName) === t || lower(u.mail) === t
      : (u: DirectoryUser) => [u.displayName, u.givenName, u.surname, u.userPrincipalName, u.mail].some((v) => lower(v).startsWith(t));
    return this.users
      .map((s) => s.user)
      .filter(hit)
      .slice(0, limit)
      .map((u) => ({ ...u }));
  }

  async getUser(idOrUpn: string): Promise<DirectoryUser | undefined> {
    this.failures.throwIfFailing('getUser');
    const found = this.find(idOrUpn);
    return found && { ...found.user };
  }

  async getManager(userId: string): Promise<DirectoryUser | undefined> {
    this.failures.throwIfFailing('getManager');
    const managerId = this.find(userId)?.managerId;
    const manager = managerId ? this.find(managerId) : undefined;
    return manager && asManager(manager.user);
  }

  async getMembership(userId: string): Promise<Membership> {
    this.failures.throwIfFailing('getMembership');
    return this.membershipOf(userId);
  }

  async getMembershipNames(userId: string): Promise<Map<string, string>> {
    this.failures.throwIfFailing('getMembershipNames');
    const { groupIds, roleTemplateIds } = this.membershipOf(userId);
    const names = new Map<string, string>();
    for (const g of groupIds) names.set(g, this.groups.get(g)!.displayName);
    for (const r of roleTemplateIds) names.set(r, this.roleNames.get(r) ?? r);
    return names;
  }

  async checkMemberGroups(userId: string, groupIds: string[]): Promise<string[]> {
    this.failures.throwIfFailing('checkMemberGroups');
    const { groupIds: mine } = this.membershipOf(userId);
    return groupIds.filter((g) => mine.has(lower(g)));
  }

  async listGroupUsers(groupId: string): Promise<DirectoryUser[]> {
    this.failures.throwIfFailing('listGroupUsers');
    return this.usersBelow(groupId).slice(0, 200).map(asMember);
  }

  async findUserIdsCreatedSince(sinceIso: string): Promise<Set<string>> {
    this.failures.throwIfFailing('findUserIdsCreatedSince');
    const since = Date.parse(sinceIso);
    return this.idsOf(this.users.map((s) => s.user).filter((u) => Date.parse(u.createdDateTime ?? '') >= since));
  }

  async findDisabledUserIds(): Promise<Set<string>> {
    this.failures.throwIfFailing('findDisabledUserIds');
    return this.idsOf(this.users.map((s) => s.user).filter((u) => u.accountEnabled === false));
  }

  async countUsers(): Promise<number | undefined> {
    this.failures.throwIfFailing('countUsers');
    return this.users.length;
  }

  async findUserIdsInGroup(groupId: string): Promise<Set<string>> {
    this.failures.throwIfFailing('findUserIdsInGroup');
    return this.idsOf(this.usersBelow(groupId));
  }

  async findUserIdsWithRole(roleTemplateId: string): Promise<Set<string>> {
    this.failures.throwIfFailing('findUserIdsWithRole');
    return this.idsOf(this.users.filter((s) => this.membershipOf(s.user.id).roleTemplateIds.has(lower(roleTemplateId))).map((s) => s.user));
  }

  async findManagers(userIds: string[]): Promise<Map<string, { id: string; name: string }>> {
    this.failures.throwIfFailing('findManagers');
    const out = new Map<string, { id: string; name: string }>();
    for (const id of userIds) {
      const managerId = this.find(id)?.managerId;
      const manager = managerId ? this.find(managerId) : undefined;
      if (manager) out.set(lower(id), { id: lower(manager.user.id), name: manager.user.displayName });
    }
    return out;
  }

  private find(idOrUpn: string): Stored | undefined {
    const key = lower(idOrUpn);
    return this.users.find((s) => lower(s.user.id) === key || lower(s.user.userPrincipalName) === key);
  }

  /** Transitive: a group's parents count, and so do the roles held by any group on the way. */
  private membershipOf(userId: string): Membership {
    const stored = this.find(userId);
    const groupIds = new Set<string>();
    const roleTemplateIds = new Set((stored?.roles ?? []).map(lower));
    const visit = (id: string) => {
      const group = this.groups.get(lower(id));
      if (!group || groupIds.has(lower(id))) return;
      groupIds.add(lower(id));
      for (const r of group.roles) roleTemplateIds.add(lower(r));
      group.memberOf.forEach(visit);
    };
    (stored?.memberOf ?? []).forEach(visit);
    return { groupIds, roleTemplateIds };
  }

  private usersBelow(groupId: string): DirectoryUser[] {
    return this.users.filter((s) => this.membershipOf(s.user.id).groupIds.has(lower(groupId))).map((s) => s.user);
  }

  private idsOf(users: DirectoryUser[]): Set<string> {
    return new Set(users.map((u) => lower(u.id)));
  }
}
