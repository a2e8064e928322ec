import type { EnrolmentTally } from './enrolment-tally';
import type { GraphFailure } from './errors';
import type { IdentityIncident } from './identity-services';
import type { ConditionalAccessPolicy } from './directory-types';

/** One completed pass over the tenant, as `audit` and `lockout` show it. */
export interface ScanResult {
  tally: EnrolmentTally;
  incident?: IdentityIncident;
  /** Undefined when they could not be read (then `policiesFailure` says why and lockout risk isn't counted). */
  policies?: ConditionalAccessPolicy[];
  policiesFailure?: GraphFailure;
  /** Start of the "changed recently" window: the incident's start, else 24 h ago. */
  changedSince: number;
  startedAt: number;
  finishedAt: number;
  csvPath?: string;
  notes: string[];
}

/** The tenant scan behind `audit` and `lockout`: joining a running one rather than starting another. */
export interface TenantScans {
  join(opts: { csv: boolean; onProgress?: (p: ScanProgress) => void }): Promise<ScanResult>;
  readonly busy: boolean;
}

/** How far a running scan has got, for the progress message everyone waiting on it sees. */
export type ScanProgress =
  | { phase: 'report'; usersRead: number; pagesRead: number; pageSize?: number; totalUsers?: number; startedAt: number; at: number }
  | { phase: 'taps'; usersRead: number; tapsToConfirm: number };

/**
 * Time left for the report, from the pace so far (Graph's throttling sets it: about one page every two
 * seconds on the identity reports bucket) and the estimated page count; undefined until it can be told.
 */
export function remainingMs(p: Extract<ScanProgress, { phase: 'report' }>): number | undefined {
  if (!p.totalUsers || !p.pageSize || p.pagesRead < 2) return undefined;
  const pages = Math.ceil(p.totalUsers / p.pageSize);
  const perPage = (p.at - p.startedAt) / p.pagesRead;
  return Math.max(0, (pages - p.pagesRead) * perPage);
}
