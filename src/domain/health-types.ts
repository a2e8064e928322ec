/** Service health as the bot uses it: Graph's serviceHealthIssue / serviceHealth, minus what we never read. */
export interface HealthPost {
  createdDateTime: string;
  /** Graph sends post bodies as HTML; convert with htmlToText before showing them. */
  html: string;
}

export interface HealthIssue {
  id: string;
  title: string;
  service: string;
  feature: string;
  featureGroup: string;
  /** `incident` or `advisory`, lower-cased. */
  classification: string;
  /** Graph's status enum, lower-camel-cased (the docs print PascalCase; compare case-insensitively). */
  status: string;
  impactDescription: string;
  isResolved: boolean;
  startDateTime: string;
  endDateTime: string | null;
  lastModifiedDateTime: string;
  posts: HealthPost[];
}

export interface ServiceOverview {
  /** Stable key: `OrgLiveID`, `Exchange`… */
  id: string;
  /** Display name: `Microsoft Entra`, `Exchange Online`… */
  service: string;
  status: string;
}

/** What a conversation asked to follow: identity services, everything, or one service (by Graph's id). */
export type SubscriptionTarget = { kind: 'identity' } | { kind: 'all' } | { kind: 'service'; serviceId: string; service: string };

export const ADMIN_CENTER_ALERT = (id: string) =>
  `https://admin.microsoft.com/AdminPortal/home#/servicehealth/:/alerts/${encodeURIComponent(id)}`;

const STATUS_WORDS: Record<string, string> = {
  serviceoperational: 'Healthy',
  investigating: 'Investigating',
  restoringservice: 'Restoring service',
  verifyingservice: 'Verifying service',
  servicerestored: 'Service restored',
  postincidentreviewpublished: 'Post-incident report published',
  servicedegradation: 'Degraded',
  serviceinterruption: 'Interrupted',
  extendedrecovery: 'Extended recovery',
  falsepositive: 'False positive',
  investigationsuspended: 'Investigation suspended',
  resolved: 'Resolved',
  mitigatedexternal: 'Mitigated (external)',
  mitigated: 'Mitigated',
  resolvedexternal: 'Resolved (external)',
  confirmed: 'Confirmed',
  reported: 'Reported',
};

/** Graph's status enum in words a helpdesk agent reads; unknown values are shown as they came. */
export function statusWords(status: string): string {
  return STATUS_WORDS[status.toLowerCase()] ?? status;
}

export function sameStatus(a: string | undefined, b: string | undefined): boolean {
  return (a ?? '').toLowerCase() === (b ?? '').toLowerCase();
}

/** How far one conversation has been told about one issue. */
export interface IssueProgress {
  postCount: number;
  status: string;
  isResolved: boolean;
}
