import type { HealthIssue, ServiceOverview, SubscriptionTarget } from './health-types';

/** Graph's stable id for the identity service (the docs' "Identity Service", today "Microsoft Entra"). */
export const IDENTITY_SERVICE_IDS = ['orgliveid'];
/** Display names the identity service has had; extendable with HEALTH_IDENTITY_SERVICES. Case-insensitive. */
export const DEFAULT_IDENTITY_SERVICE_NAMES = ['Microsoft Entra', 'Microsoft Entra ID', 'Identity Service', 'Azure Active Directory'];
/** Features that are identity no matter which service files them (MFA, sign-in, SSPR). */
const IDENTITY_FEATURE = /multi-?factor|\bmfa\b|sign[- ]?in|authenticat|self-service password|conditional access/i;

export interface IdentityMatcher {
  isIdentityService(s: { id?: string; service: string }): boolean;
  isIdentityIssue(issue: Pick<HealthIssue, 'service' | 'feature' | 'featureGroup'>): boolean;
}

export function identityMatcher(extraNames: string[] = []): IdentityMatcher {
  const names = new Set([...DEFAULT_IDENTITY_SERVICE_NAMES, ...extraNames].map((n) => n.trim().toLowerCase()).filter(Boolean));
  const isIdentityService = (s: { id?: string; service: string }) =>
    IDENTITY_SERVICE_IDS.includes((s.id ?? '').toLowerCase()) || names.has(s.service.trim().toLowerCase());
  return {
    isIdentityService,
    isIdentityIssue: (issue) =>
      isIdentityService({ service: issue.service }) ||
      IDENTITY_FEATURE.test(issue.feature ?? '') ||
      IDENTITY_FEATURE.test(issue.featureGroup ?? ''),
  };
}

/** Whether an issue belongs to what a conversation subscribed to. */
export function matchesTarget(target: SubscriptionTarget, issue: HealthIssue, identity: IdentityMatcher): boolean {
  if (target.kind === 'all') return true;
  if (target.kind === 'identity') return identity.isIdentityIssue(issue);
  return issue.service.trim().toLowerCase() === target.service.trim().toLowerCase();
}

export function matchesAny(targets: SubscriptionTarget[], issue: HealthIssue, identity: IdentityMatcher): boolean {
  return targets.some((t) => matchesTarget(t, issue, identity));
}

/** `subscribe <name>`: the service whose id or display name matches, ignoring case and a "Microsoft" prefix. */
export function findService(name: string, services: ServiceOverview[]): ServiceOverview | undefined {
  const norm = (s: string) =>
    s
      .trim()
      .toLowerCase()
      .replace(/^microsoft\s+/, '')
      .replace(/\s+/g, ' ');
  const wanted = norm(name);
  return services.find((s) => s.id.toLowerCase() === name.trim().toLowerCase()) ?? services.find((s) => norm(s.service) === wanted);
}

export function targetKey(t: SubscriptionTarget): string {
  return t.kind === 'service' ? `service:${t.serviceId}:${t.service}` : t.kind;
}

export function targetFromKey(key: string): SubscriptionTarget | undefined {
  if (key === 'identity' || key === 'all') return { kind: key };
  const m = /^service:([^:]*):(.*)$/.exec(key);
  return m ? { kind: 'service', serviceId: m[1], service: m[2] } : undefined;
}

export function describeTarget(t: SubscriptionTarget): string {
  return t.kind === 'identity'
    ? 'identity services (Microsoft Entra, MFA and sign-in)'
    : t.kind === 'all'
      ? 'every Microsoft 365 service'
      : t.service;
}

export interface IdentityIncident {
  id: string;
  title: string;
  startDateTime: string;
}

/** The open identity incident that started first: its start is when registrations could have begun to break. */
export function earliestIdentityIncident(issues: HealthIssue[], identity: IdentityMatcher): IdentityIncident | undefined {
  const first = issues
    .filter((i) => !i.isResolved && i.classification === 'incident' && identity.isIdentityIssue(i) && i.startDateTime)
    .sort((a, b) => String(a.startDateTime).localeCompare(String(b.startDateTime)))[0];
  return first ? { id: first.id, title: first.title, startDateTime: String(first.startDateTime) } : undefined;
}
