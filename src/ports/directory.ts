import type { DirectoryUser, Membership } from '../domain/directory-types';

/**
 * The directory (Microsoft Entra ID) as the bot reads it. Every read may throw GraphFailure; `who` names
 * the user in that failure's sentence. Ids in returned sets and membership are lower-cased.
 */
export interface Directory extends UserLookup, MembershipReads, TenantScanReads {}

/** Finding the person a command names, and the people around them. */
export interface UserLookup {
  /**
   * Candidates for what a person typed, at most `limit` (10 by default): the user with that object id, an
   * exact UPN or mail when the term has an @, else a case-insensitive prefix of display name, given name,
   * surname, UPN or mail.
   */
  findUsers(term: string, limit?: number): Promise<DirectoryUser[]>;
  /** By object id or UPN; undefined when there is no such user. */
  getUser(idOrUpn: string): Promise<DirectoryUser | undefined>;
  /** Undefined when the directory records no manager. */
  getManager(userId: string, who: string): Promise<DirectoryUser | undefined>;
}

/** What a user belongs to: for Conditional Access scoping, the helpdesk gate and TAP approvers. */
export interface MembershipReads {
  /** Transitive groups (by id) and directory roles (by role template id): what Conditional Access evaluates. */
  getMembership(userId: string, who: string): Promise<Membership>;
  /** Display names of the user's transitive groups and roles, keyed by group id and by role template id. */
  getMembershipNames(userId: string): Promise<Map<string, string>>;
  /** Which of `groupIds` the user belongs to, transitively (as given, in any case). */
  checkMemberGroups(userId: string, groupIds: string[]): Promise<string[]>;
  /**
   * The user members of a group, nested groups included, with accountEnabled (disabled ones are listed too).
   * Reading stops once 200 are in: enough for an approver group.
   */
  listGroupUsers(groupId: string): Promise<DirectoryUser[]>;
}

/** Tenant-wide id sets for `audit` and `lockout`: each a few paged reads, never a call per user. */
export interface TenantScanReads {
  /** Accounts created at or after `sinceIso` (new hires). */
  findUserIdsCreatedSince(sinceIso: string): Promise<Set<string>>;
  /** Accounts whose sign-in is blocked. */
  findDisabledUserIds(): Promise<Set<string>>;
  /** How many users the directory holds (for a scan's progress estimate); undefined when Graph won't say. */
  countUsers(): Promise<number | undefined>;
  /** Users below a group, nested groups included; none for a group that no longer exists. */
  findUserIdsInGroup(groupId: string): Promise<Set<string>>;
  /**
   * Users holding a directory role, by role template id (how policies name roles), members of
   * role-assignable groups included; none for a role never activated in the tenant.
   */
  findUserIdsWithRole(roleTemplateId: string): Promise<Set<string>>;
  /**
   * Each user's manager (lower-cased user id → id and name), read in $batch requests of 20, never one
   * request per user; users with no manager (or who no longer exist) are left out.
   */
  findManagers(userIds: string[]): Promise<Map<string, { id: string; name: string }>>;
}
