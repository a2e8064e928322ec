/** Shapes shared by the simulator's modules. Graph JSON is built in render/, not stored. */

export type MethodKind =
  'password' | 'phone' | 'microsoftAuthenticator' | 'fido2' | 'windowsHelloForBusiness' | 'email' | 'softwareOath' | 'temporaryAccessPass';

export interface AuthMethod {
  kind: MethodKind;
  id: string;
  createdDateTime: string;
  displayName?: string;
  phoneNumber?: string;
  phoneType?: 'mobile' | 'alternateMobile' | 'office';
  emailAddress?: string;
  passwordless?: boolean;
  /** TAP only: the secret is kept so tests can read it; Graph never returns it after POST. */
  temporaryAccessPass?: string;
  startDateTime?: string;
  lifetimeInMinutes?: number;
  isUsableOnce?: boolean;
}

export interface SimUser {
  id: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  mail: string | null;
  userPrincipalName: string;
  mailNickname: string;
  jobTitle: string | null;
  department: string | null;
  officeLocation: string | null;
  mobilePhone: string | null;
  businessPhones: string[];
  preferredLanguage: string | null;
  accountEnabled: boolean;
  createdDateTime: string;
  userType: 'Member' | 'Guest';
  managerId?: string;
  /** Materialised lazily for generated users (see seed/generate-users.ts) to keep 100k users cheap. */
  methods?: AuthMethod[];
  methodSeed?: number;
  /** Registration report timestamp when it differs from the newest method (e.g. a reset device). */
  registrationUpdatedDateTime?: string;
  preferredSecondary?: string;
}

export interface SimGroup {
  id: string;
  displayName: string;
  description: string | null;
  mailNickname: string;
  mail: string | null;
  mailEnabled: boolean;
  securityEnabled: boolean;
  groupTypes: string[];
  createdDateTime: string;
  /** User or group ids (nesting allowed). */
  members: Set<string>;
}

export interface SimRole {
  id: string;
  displayName: string;
  description: string;
  roleTemplateId: string;
  members: Set<string>;
}

export interface IssuePost {
  createdDateTime: string;
  postType: 'regular' | 'quick' | 'strategic';
  description: { contentType: 'html'; content: string };
}

export interface ServiceHealthIssue {
  id: string;
  title: string;
  service: string;
  feature: string;
  featureGroup: string;
  impactDescription: string;
  classification: 'advisory' | 'incident';
  status: string;
  origin: 'microsoft' | 'thirdParty' | 'customer';
  isResolved: boolean;
  startDateTime: string;
  endDateTime: string | null;
  lastModifiedDateTime: string;
  details: { name: string; value: string }[];
  posts: IssuePost[];
}

export interface ServiceOverview {
  id: string;
  service: string;
}

export interface TapPolicy {
  state: 'enabled' | 'disabled';
  defaultLifetimeInMinutes: number;
  defaultLength: number;
  minimumLifetimeInMinutes: number;
  maximumLifetimeInMinutes: number;
  isUsableOnce: boolean;
  includeTargets: { targetType: 'group'; id: string; isRegistrationRequired: boolean }[];
  excludeTargets: { targetType: 'group'; id: string }[];
}

/** An app in the tenant's Teams app catalog (appCatalogs/teamsApps). */
export interface SimTeamsApp {
  /** The catalog id Graph installs by. */
  id: string;
  /** The id in the app's manifest. */
  externalId: string;
  displayName: string;
  distributionMethod: 'organization' | 'store' | 'sideloaded';
  /** The app's bot (its Entra app id): a 1:1 chat with it is 19:<user>_<bot>@unq.gbl.spaces. */
  botId: string;
}

/** The app installed in one user's personal scope, and the 1:1 chat that made. */
export interface SimInstallation {
  id: string;
  appId: string;
  userId: string;
  chatId: string;
  installedDateTime: string;
}

export type ConditionalAccessPolicy = Record<string, unknown> & { id: string; displayName: string; state: string };

export interface PageSizes {
  users: number;
  userRegistrationDetails: number;
  issues: number;
  members: number;
  memberOf: number;
  signIns: number;
}

/** When a service-health issue's status changed, so the sign-in log can tell what phase any past moment was in. */
export interface IssueStatusChange {
  issueId: string;
  at: number;
  status: string;
  isResolved: boolean;
}

export interface GraphRequest {
  method: string;
  /** Path below /v1.0, still percent-encoded, e.g. /users/a%40b/manager. */
  path: string;
  /** Raw query string without '?'. */
  rawQuery: string;
  query: URLSearchParams;
  headers: Record<string, string | undefined>;
  body: unknown;
  /** https://localhost:PORT/v1.0 */
  baseUrl: string;
}

export interface GraphResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}
