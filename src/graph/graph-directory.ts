import { GraphFailure } from '../domain/errors';
import { odataString, pathSegment } from '../domain/odata';
import type { DirectoryUser, Membership } from '../domain/directory-types';
import type { Directory } from '../ports/directory';
import type { GraphGateway, GraphRequest } from './graph-gateway';

export const USER_FIELDS = 'id,displayName,userPrincipalName,mail,givenName,surname,accountEnabled,createdDateTime,userType,jobTitle';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The Directory port over Graph: users, managers, memberships and the tenant-wide id sets. */
export class GraphDirectory implements Directory {
  constructor(private readonly graph: GraphGateway) {}

  async findUsers(term: string, limit = 10): Promise<DirectoryUser[]> {
    if (GUID.test(term)) {
      const user = await this.getUser(term);
      return user ? [user] : [];
    }
    const lit = odataString(term);
    const filter = term.includes('@')
      ? `userPrincipalName eq ${lit} or mail eq ${lit}`
      : ['displayName', 'givenName', 'surname', 'userPrincipalName', 'mail'].map((p) => `startswith(${p},${lit})`).join(' or ');
    return this.graph
      .all<DirectoryUser>(
        { part: `the directory entry for "${term}"`, path: '/users', query: { $filter: filter, $select: USER_FIELDS, $top: limit } },
        limit,
      )
      .then((users) => users.slice(0, limit));
  }

  async getUser(idOrUpn: string): Promise<DirectoryUser | undefined> {
    return orUndefinedOn404(
      this.graph.request<DirectoryUser>({
        part: "the user's directory entry",
        path: `/users/${pathSegment(idOrUpn)}`,
        query: { $select: USER_FIELDS },
      }),
    );
  }

  async getManager(userId: string, who: string): Promise<DirectoryUser | undefined> {
    return orUndefinedOn404(
      this.graph.request<DirectoryUser>({
        part: `${who}'s manager`,
        path: `/users/${pathSegment(userId)}/manager`,
        // accountEnabled: a disabled manager must not be asked to approve a pass.
        query: { $select: 'id,displayName,userPrincipalName,mail,accountEnabled' },
      }),
    );
  }

  async getMembership(userId: string, who: string): Promise<Membership> {
    const objects: Array<Record<string, string>> = [];
    for await (const page of this.graph.pages<Record<string, string>>({
      part: `${who}'s group memberships`,
      path: `/users/${pathSegment(userId)}/transitiveMemberOf`,
    })) {
      objects.push(...page);
    }
    return parseMembership(objects);
  }

  async getMembershipNames(userId: string): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    const objects = await this.graph.all<{ id?: string; displayName?: string; roleTemplateId?: string }>({
      part: 'group names',
      path: `/users/${pathSegment(userId)}/transitiveMemberOf`,
      query: { $select: 'id,displayName,roleTemplateId' },
    });
    for (const o of objects) {
      if (o.id && o.displayName) names.set(o.id.toLowerCase(), o.displayName);
      if (o.roleTemplateId && o.displayName) names.set(o.roleTemplateId.toLowerCase(), o.displayName);
    }
    return names;
  }

  async checkMemberGroups(userId: string, groupIds: string[]): Promise<string[]> {
    const res = await this.graph.request<{ value: string[] }>({
      part: 'group membership',
      method: 'POST',
      path: `/users/${pathSegment(userId)}/checkMemberGroups`,
      idempotent: true,
      body: { groupIds },
    });
    return res.value ?? [];
  }

  async listGroupUsers(groupId: string): Promise<DirectoryUser[]> {
    return this.graph.all<DirectoryUser>(
      {
        part: 'the TAP approver group',
        path: `/groups/${pathSegment(groupId)}/transitiveMembers/microsoft.graph.user`,
        query: { $select: 'id,displayName,userPrincipalName,mail,accountEnabled', $top: 100 },
      },
      200,
    );
  }

  findUserIdsCreatedSince(sinceIso: string): Promise<Set<string>> {
    return this.userIdsWhere('the list of recently created accounts', `createdDateTime ge ${sinceIso.replace(/\.\d{3}Z$/, 'Z')}`);
  }

  findDisabledUserIds(): Promise<Set<string>> {
    return this.userIdsWhere('the list of disabled accounts', 'accountEnabled eq false');
  }

  async countUsers(): Promise<number | undefined> {
    const res = await this.graph.request<{ '@odata.count'?: number }>({
      part: 'the number of users',
      path: '/users',
      query: { $count: 'true', $top: 1, $select: 'id' },
      headers: { ConsistencyLevel: 'eventual' },
    });
    return typeof res['@odata.count'] === 'number' ? res['@odata.count'] : undefined;
  }

  async findUserIdsInGroup(groupId: string): Promise<Set<string>> {
    const ids = new Set<string>();
    const req: GraphRequest = {
      part: 'the members of a group used by conditional access',
      path: `/groups/${pathSegment(groupId)}/transitiveMembers`,
      query: { $select: 'id', $top: 999 },
    };
    try {
      for await (const page of this.graph.pages<Record<string, string>>(req, { readAhead: true })) {
        for (const o of page) if (isA(o, 'user') && o.id) ids.add(o.id.toLowerCase());
      }
    } catch (e) {
      if (e instanceof GraphFailure && e.status === 404) return ids; // a deleted group scopes nobody
      throw e;
    }
    return ids;
  }

  async findUserIdsWithRole(roleTemplateId: string): Promise<Set<string>> {
    const ids = new Set<string>();
    const groups: string[] = [];
    const req: GraphRequest = {
      part: 'the members of a directory role used by conditional access',
      path: `/directoryRoles(roleTemplateId=${odataString(roleTemplateId)})/members`,
      query: { $select: 'id' },
    };
    try {
      for await (const page of this.graph.pages<Record<string, string>>(req, { readAhead: true })) {
        for (const o of page) {
          if (isA(o, 'user') && o.id) ids.add(o.id.toLowerCase());
          else if (isA(o, 'group') && o.id) groups.push(o.id);
        }
      }
    } catch (e) {
      if (e instanceof GraphFailure && e.status === 404) return ids; // a template never activated has no members
      throw e;
    }
    for (const g of groups) for (const id of await this.findUserIdsInGroup(g)) ids.add(id);
    return ids;
  }

  async findManagers(userIds: string[]): Promise<Map<string, { id: string; name: string }>> {
    const ids = [...new Set(userIds.map((id) => id.toLowerCase()))];
    // The gateway sends these as $batch requests of 20; each item counts on its own against the directory's limit.
    const results = await this.graph.batch(
      ids.map((id, n) => ({
        id: String(n),
        part: "the cohort's managers",
        path: `/users/${pathSegment(id)}/manager?$select=id,displayName`,
      })),
    );
    const managers = new Map<string, { id: string; name: string }>();
    for (const [n, r] of results) {
      if (!r.ok) {
        if (r.failure.status === 404) continue; // no manager recorded (or the user is gone)
        throw r.failure;
      }
      const m = r.body as { id?: string; displayName?: string } | undefined;
      if (m?.id) managers.set(ids[Number(n)], { id: m.id.toLowerCase(), name: m.displayName ?? m.id });
    }
    return managers;
  }

  private async userIdsWhere(part: string, filter: string): Promise<Set<string>> {
    const ids = new Set<string>();
    const req: GraphRequest = { part, path: '/users', query: { $filter: filter, $select: 'id', $top: 999 } };
    for await (const page of this.graph.pages<{ id: string }>(req, { readAhead: true })) for (const u of page) ids.add(u.id.toLowerCase());
    return ids;
  }
}

function isA(o: Record<string, string>, type: 'user' | 'group'): boolean {
  return String(o['@odata.type'] ?? '')
    .toLowerCase()
    .endsWith(`.${type}`);
}

async function orUndefinedOn404<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (e) {
    if (e instanceof GraphFailure && e.status === 404) return undefined;
    throw e;
  }
}

/** transitiveMemberOf → group ids and directory role template ids, which is what Conditional Access scoping needs. */
export function parseMembership(objects: Array<Record<string, string>>): Membership {
  const groupIds = new Set<string>();
  const roleTemplateIds = new Set<string>();
  for (const o of objects) {
    const type = String(o['@odata.type'] ?? '').toLowerCase();
    if (type.endsWith('directoryrole')) {
      if (o.roleTemplateId) roleTemplateIds.add(o.roleTemplateId.toLowerCase());
    } else if (o.id) {
      groupIds.add(o.id.toLowerCase());
    }
  }
  return { groupIds, roleTemplateIds };
}
