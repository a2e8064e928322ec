import { badRequest, GraphHttpError } from './http/graph-error';
import { materializeMethods } from './seed/generate-users';
import { makeIssue } from './seed/seed-service-health';
import type { SignInPin } from './seed/seed-sign-ins';
import { SignInLog } from './sign-in-log';
import type {
  AuthMethod,
  ConditionalAccessPolicy,
  IssuePost,
  IssueStatusChange,
  PageSizes,
  ServiceHealthIssue,
  ServiceOverview,
  SimGroup,
  SimInstallation,
  SimRole,
  SimTeamsApp,
  SimUser,
  TapPolicy,
} from './sim-types';

export interface TenantSeed {
  tenantId: string;
  domain: string;
  users: SimUser[];
  groups: SimGroup[];
  roles: SimRole[];
  conditionalAccessPolicies: ConditionalAccessPolicy[];
  tapPolicy: TapPolicy;
  overviews: ServiceOverview[];
  issues: ServiceHealthIssue[];
  /** The org's Teams app catalog; none when omitted. */
  teamsApps?: SimTeamsApp[];
  /** Named users' fixed sign-in behaviour, by object id (see seed/sign-ins.ts). */
  signInPins?: Record<string, SignInPin>;
}

export const DEFAULT_PAGE_SIZES: PageSizes = {
  users: 100,
  userRegistrationDetails: 1000,
  issues: 100,
  members: 100,
  memberOf: 100,
  signIns: 1000,
};

/** The mutable in-memory directory. Routes read it; tests and /_sim/ mutate it. */
export class Tenant {
  readonly tenantId: string;
  readonly domain: string;
  readonly users: SimUser[];
  readonly groups = new Map<string, SimGroup>();
  readonly roles = new Map<string, SimRole>();
  conditionalAccessPolicies: ConditionalAccessPolicy[];
  tapPolicy: TapPolicy;
  readonly overviews: ServiceOverview[];
  readonly issues: ServiceHealthIssue[];
  readonly pageSizes: PageSizes;
  /** The Teams app catalog, by catalog id. */
  readonly teamsApps = new Map<string, SimTeamsApp>();
  /** Apps installed in users' personal scope: lower-cased user id → installations. Installs are remembered. */
  readonly installations = new Map<string, SimInstallation[]>();
  /** Every status change of every issue, oldest first; `issueHistoryVersion` counts them (and any other edit). */
  readonly issueHistory: IssueStatusChange[] = [];
  issueHistoryVersion = 0;
  readonly signInPins: ReadonlyMap<string, SignInPin>;
  /** GET /auditLogs/signIns, generated on demand from the users, policies and incidents above. */
  readonly signIns: SignInLog;
  private readonly byId = new Map<string, SimUser>();
  private readonly byUpn = new Map<string, SimUser>();

  constructor(
    seed: TenantSeed,
    readonly now: () => number,
    pageSizes: Partial<PageSizes> = {},
  ) {
    this.tenantId = seed.tenantId;
    this.domain = seed.domain;
    this.users = [];
    for (const user of seed.users) this.addUser(user);
    for (const group of seed.groups) this.groups.set(group.id, group);
    for (const role of seed.roles) this.roles.set(role.id, role);
    this.conditionalAccessPolicies = seed.conditionalAccessPolicies;
    this.tapPolicy = seed.tapPolicy;
    this.overviews = seed.overviews;
    this.issues = seed.issues;
    for (const issue of this.issues) this.recordIssueChange(issue, Date.parse(issue.lastModifiedDateTime));
    this.pageSizes = { ...DEFAULT_PAGE_SIZES, ...pageSizes };
    for (const app of seed.teamsApps ?? []) this.teamsApps.set(app.id, app);
    this.signInPins = new Map(Object.entries(seed.signInPins ?? {}).map(([id, pin]) => [id.toLowerCase(), pin]));
    this.signIns = new SignInLog(this);
  }

  /** Installs a catalog app for a user, once: 'exists' when it already is, as Graph's 409 says. */
  installApp(user: SimUser, app: SimTeamsApp): 'installed' | 'exists' {
    const key = user.id.toLowerCase();
    const mine = this.installations.get(key) ?? [];
    if (mine.some((i) => i.appId === app.id)) return 'exists';
    mine.push({
      id: Buffer.from(`${user.id}##${app.id}`).toString('base64'),
      appId: app.id,
      userId: user.id,
      chatId: `19:${user.id}_${app.botId}@unq.gbl.spaces`,
      installedDateTime: this.nowIso(),
    });
    this.installations.set(key, mine);
    return 'installed';
  }

  installationsOf(user: SimUser): SimInstallation[] {
    return this.installations.get(user.id.toLowerCase()) ?? [];
  }

  nowIso(): string {
    return new Date(this.now()).toISOString();
  }

  addUser(user: SimUser): SimUser {
    if (this.byId.has(user.id.toLowerCase())) throw new Error(`duplicate user id ${user.id}`);
    this.users.push(user);
    this.byId.set(user.id.toLowerCase(), user);
    this.byUpn.set(user.userPrincipalName.toLowerCase(), user);
    return user;
  }

  /** By object id or UPN, case-insensitive (Graph accepts both in /users/{id}). */
  findUser(idOrUpn: string): SimUser | undefined {
    const key = idOrUpn.toLowerCase();
    return this.byId.get(key) ?? this.byUpn.get(key);
  }

  methodsOf(user: SimUser): AuthMethod[] {
    if (!user.methods) user.methods = materializeMethods(user);
    return user.methods;
  }

  setPageSize(resource: keyof PageSizes, size: number) {
    if (!(resource in this.pageSizes) || !Number.isInteger(size) || size < 1) throw badRequest(`Invalid page size for '${resource}'.`);
    this.pageSizes[resource] = size;
  }

  /** Groups (transitively) and directory roles the object belongs to. */
  transitiveMemberOf(objectId: string): { groups: SimGroup[]; roles: SimRole[] } {
    const found = new Set<string>();
    const frontier = [objectId];
    while (frontier.length) {
      const current = frontier.pop()!;
      for (const group of this.groups.values()) {
        if (group.members.has(current) && !found.has(group.id)) {
          found.add(group.id);
          frontier.push(group.id);
        }
      }
    }
    const ids = new Set([objectId, ...found]);
    const roles = [...this.roles.values()].filter((r) => [...ids].some((id) => r.members.has(id)));
    return { groups: [...found].map((id) => this.groups.get(id)!), roles };
  }

  /** Users and nested groups below a group, each once. */
  transitiveMembers(groupId: string): (SimUser | SimGroup)[] {
    const seen = new Set<string>();
    const out: (SimUser | SimGroup)[] = [];
    const visit = (id: string) => {
      for (const memberId of this.groups.get(id)?.members ?? []) {
        if (seen.has(memberId)) continue;
        seen.add(memberId);
        const nested = this.groups.get(memberId);
        const member = nested ?? this.byId.get(memberId.toLowerCase());
        if (member) out.push(member);
        if (nested) visit(memberId);
      }
    };
    visit(groupId);
    return out;
  }

  isAdmin(userId: string): boolean {
    return this.transitiveMemberOf(userId).roles.length > 0;
  }

  findIssue(id: string): ServiceHealthIssue | undefined {
    return this.issues.find((i) => i.id.toLowerCase() === id.toLowerCase());
  }

  /** Creates or merges a serviceHealthIssue; stamps lastModifiedDateTime. */
  upsertIssue(fields: Partial<ServiceHealthIssue> & { id?: string }): ServiceHealthIssue {
    const nowIso = this.nowIso();
    const id = fields.id ?? `EN${Math.floor(1_000_000 + Math.random() * 8_999_999)}`;
    const existing = this.findIssue(id);
    if (existing) {
      Object.assign(existing, fields, { id: existing.id, lastModifiedDateTime: fields.lastModifiedDateTime ?? nowIso });
      this.recordIssueChange(existing);
      return existing;
    }
    const issue = makeIssue({ ...fields, id, lastModifiedDateTime: fields.lastModifiedDateTime ?? nowIso }, nowIso);
    this.issues.push(issue);
    this.recordIssueChange(issue);
    return issue;
  }

  addIssuePost(id: string, post: { content: string; status?: string; postType?: IssuePost['postType'] }): ServiceHealthIssue {
    const issue = this.requireIssue(id);
    const nowIso = this.nowIso();
    issue.posts.push({
      createdDateTime: nowIso,
      postType: post.postType ?? 'regular',
      description: { contentType: 'html', content: post.content },
    });
    if (post.status) issue.status = post.status;
    issue.lastModifiedDateTime = nowIso;
    this.recordIssueChange(issue);
    return issue;
  }

  resolveIssue(id: string, opts: { status?: string; content?: string } = {}): ServiceHealthIssue {
    const issue = this.requireIssue(id);
    if (opts.content) this.addIssuePost(id, { content: opts.content });
    const nowIso = this.nowIso();
    Object.assign(issue, { isResolved: true, status: opts.status ?? 'serviceRestored', endDateTime: nowIso, lastModifiedDateTime: nowIso });
    this.recordIssueChange(issue);
    return issue;
  }

  /** Stamps the issue's current status at `at` (the simulator clock by default). */
  private recordIssueChange(issue: ServiceHealthIssue, at = this.now()) {
    this.issueHistory.push({
      issueId: issue.id,
      at: Number.isFinite(at) ? at : this.now(),
      status: issue.status,
      isResolved: issue.isResolved,
    });
    this.issueHistoryVersion++;
  }

  private requireIssue(id: string): ServiceHealthIssue {
    const issue = this.findIssue(id);
    if (!issue) throw new GraphHttpError(404, 'NotFound', `Issue '${id}' not found.`);
    return issue;
  }
}
