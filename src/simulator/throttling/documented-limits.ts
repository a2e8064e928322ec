/**
 * The Microsoft Graph throttling buckets the bot's calls fall into, as Microsoft documents them in
 * "Microsoft Graph service-specific throttling limits" (learn.microsoft.com/graph/throttling-limits;
 * source: microsoftgraph/microsoft-graph-docs-contrib concepts/throttling-limits.md and its includes
 * throttling-aad-reports.md, throttling-identityprotection-ca.md). Windows are enforced as sliding
 * windows, which is stricter than Graph's refilling buckets: never more than `limit` in any `spanMs`.
 * Paths are below the version root; each $batch item is matched and counted on its own.
 */
export interface GraphLimit {
  /** Stable name, also used in the 429 message and the control plane. */
  bucket: string;
  /** Which requests count (method + path below /v1.0). */
  matches(method: string, path: string): boolean;
  /** Windows over the sum of request costs; `writes` windows count only POST/PATCH/PUT/DELETE. */
  windows: Array<{ limit: number; spanMs: number; writes?: boolean }>;
  /** What one request costs against the windows (1 unless the service prices requests). */
  cost?(method: string, path: string, query: URLSearchParams): number;
  /** Whose quota: one app in one tenant, or the whole tenant whatever the app. */
  scope: 'app+tenant' | 'tenant';
  /** Graph's 429 from this service carries Retry-After; the CA/identity protection service sends none. */
  retryAfter: boolean;
  source: string;
}

const DOC = 'https://learn.microsoft.com/graph/throttling-limits';
const USER_AUTH = /^\/users\/[^/]+\/authentication(\/|$)/i;
const USER_TEAMWORK = /^\/users\/[^/]+\/teamwork(\/|$)/i;
const DIRECTORY =
  /^\/(users|groups|directoryRoles|directoryObjects|applications|servicePrincipals|devices|contacts|domains|organization|subscribedSkus|oauth2PermissionGrants|policies)(\/|\(|$)/i;

/**
 * Identity and access "resource units": the documented base costs (`me/…` costs apply to `users/{id}/…`),
 * minus 1 for $select and for $top under 20, plus 1 for $expand, never below 1.
 */
function directoryCost(method: string, path: string, query: URLSearchParams): number {
  const p = path.replace(/^\/users\/[^/]+(?=\/)/i, '/me');
  const base: Array<[string, RegExp, number]> = [
    ['GET', /^\/users\/?$/i, 2],
    ['GET', /^\/groups\/[^/]+\/members/i, 3],
    ['GET', /^\/groups\/[^/]+\/transitiveMembers/i, 5],
    ['POST', /^\/me\/checkMember(Groups|Objects)$/i, 4],
    ['POST', /^\/me\/getMember(Groups|Objects)$/i, 2],
    ['GET', /^\/me\/(memberOf|transitiveMemberOf|ownedObjects|licenseDetails)/i, 2],
    ['GET', /^\/applications\/?$/i, 2],
    ['GET', /^\/subscribedSkus/i, 3],
  ];
  let cost = base.find(([m, re]) => m === method.toUpperCase() && re.test(p))?.[2] ?? 1;
  if (query.has('$select')) cost -= 1;
  const top = Number(query.get('$top'));
  if (query.has('$top') && top < 20) cost -= 1;
  if (query.has('$expand')) cost += 1;
  return Math.max(1, cost);
}

export const GRAPH_LIMITS: GraphLimit[] = [
  {
    // Resources listed: auditLogRoot (sign-ins, directory audits), authenticationMethod (every user's
    // methods, TAPs included), the authentication-methods reports (userRegistrationDetails) and others.
    bucket: 'identity and access reports',
    matches: (_m, p) => /^\/(reports|auditLogs)(\/|$)/i.test(p) || USER_AUTH.test(p),
    windows: [{ limit: 5, spanMs: 10_000 }],
    scope: 'app+tenant',
    retryAfter: true,
    source: `${DOC}#identity-and-access-reports-service-limits`,
  },
  {
    // conditionalAccessPolicy, namedLocation, riskDetection, riskyUser…: 1 request per second per tenant for all apps.
    bucket: 'identity protection and conditional access',
    matches: (_m, p) => /^\/(identity\/conditionalAccess|identityProtection)(\/|$)/i.test(p),
    windows: [{ limit: 1, spanMs: 1_000 }],
    scope: 'tenant',
    retryAfter: false,
    source: `${DOC}#identity-protection-and-conditional-access-service-limits`,
  },
  {
    bucket: 'service communications',
    matches: (_m, p) => /^\/admin\/serviceAnnouncement(\/|$)/i.test(p),
    windows: [
      { limit: 240, spanMs: 60_000 },
      { limit: 800, spanMs: 3_600_000 },
    ],
    scope: 'app+tenant',
    retryAfter: true,
    source: `${DOC}#service-communications-service-limits`,
  },
  {
    // installedApps, chats and the app catalog: "Other (GET) API calls for Microsoft Teams", 30 rps per app per tenant.
    bucket: 'Microsoft Teams',
    matches: (_m, p) => /^\/(users\/[^/]+\/teamwork|chats|appCatalogs|teams)(\/|$)/i.test(p),
    windows: [{ limit: 30, spanMs: 1_000 }],
    scope: 'app+tenant',
    retryAfter: true,
    source: `${DOC}#microsoft-teams-service-limits`,
  },
  // The directory (users, groups, roles…). Its per app+tenant quota depends on tenant size (S 3,500,
  // M 5,000, L 8,000 resource units per 10 s); the simulator uses the smallest for every tenant.
  {
    bucket: 'identity and access',
    matches: (_m, p) => DIRECTORY.test(p) && !USER_AUTH.test(p) && !USER_TEAMWORK.test(p),
    windows: [
      { limit: 3_500, spanMs: 10_000 },
      { limit: 3_000, spanMs: 150_000, writes: true },
    ],
    cost: directoryCost,
    scope: 'app+tenant',
    retryAfter: true,
    source: `${DOC}#identity-and-access-service-limits`,
  },
];

export function limitFor(method: string, path: string): GraphLimit | undefined {
  return GRAPH_LIMITS.find((l) => l.matches(method, path));
}
