import type { HealthIssue, ServiceOverview } from '../domain/health-types';

/** Microsoft 365 service health for the tenant. Every read may throw GraphFailure. */
export interface ServiceHealth {
  /** Every service with its current status; may be up to a minute old. */
  listServices(): Promise<ServiceOverview[]>;
  /** Issues changed at or after `sinceIso` (the poller's read), resolved ones included. */
  listIssuesChangedSince(sinceIso: string): Promise<HealthIssue[]>;
  /** Issues Microsoft has not resolved yet. */
  listOpenIssues(): Promise<HealthIssue[]>;
  /** Open issues plus those changed at or after `sinceIso` (for `health`: active ones and the recently resolved). */
  listOpenOrChangedSince(sinceIso: string): Promise<HealthIssue[]>;
}
