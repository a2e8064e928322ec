import { GraphFailure } from '../domain/errors';
import { odataString, pathSegment } from '../domain/odata';
import type { DirectoryUser, Membership } from '../domain/types';
import type { GraphGateway } from './graph-gateway';

export const USER_FIELDS = 'id,displayName,userPrincipalName,mail,givenName,surname,accountEnabled,createdDateTime,userType,jobTitle';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Users and group membership, read the way the bot needs them. */
export class Directory {
  constructor(private readonly graph: GraphGateway) {}

  /**
   * Candidates for what a person typed: an object id, an exact UPN or mail (when it has an @),
   * else a case-insensitive prefix of display name, given name, surname, UPN or mail.
   */
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
    try {
      return await this.graph.request<DirectoryUser>({
        part: "the user's directory entry",
        path: `/users/${pathSegment(idOrUpn)}`,
        query: { $select: USER_FIELDS },
      });
    } catch (e) {
      if (e instanceof GraphFailure && e.status === 404) return undefined;
      throw e;
    }
  }

  async getManager(userId: string, who: string): Promise<DirectoryUser | undefined> {
    try {
      return await this.graph.request<DirectoryUser>({
        part: `${who}'s manager`,
        path: `/users/${pathSegment(userId)}/manager`,
        query: { $select: 'id,displayName,userPrincipalName,mail' },
      });
    } catch (e) {
      if (e instanceof GraphFailure && e.status === 404) return undefined;
      throw e;
    }
  }

  /** Transitive groups and directory roles, which is what Conditional Access scoping needs. */
  async getMembership(userId: string, who: string): Promise<Membership> {
    const groupIds = new Set<string>();
    const roleTemplateIds = new Set<string>();
    for await (const page of this.graph.pages<Record<string, string>>({
      part: `${who}'s group memberships`,
      path: `/users/${pathSegment(userId)}/transitiveMemberOf`,
    })) {
      for (const o of page) {
        const type = String(o['@odata.type'] ?? '').toLowerCase();
        if (type.endsWith('directoryrole')) {
          if (o.roleTemplateId) roleTemplateIds.add(o.roleTemplateId.toLowerCase());
        } else if (o.id) {
          groupIds.add(o.id.toLowerCase());
        }
      }
    }
    return { groupIds, roleTemplateIds };
  }

  /** Which of `groupIds` the user belongs to, transitively. */
  async checkMemberGroups(userId: string, groupIds: string[]): Promise<string[]> {
    const res = await this.graph.request<{ value: string[] }>({
      part: 'group membership',
      method: 'POST',
      path: `/users/${pathSegment(userId)}/checkMemberGroups`,
      body: { groupIds },
    });
    return res.value ?? [];
  }
}
