import type { EnrolmentTally } from './enrolment-tally';
import type { IdentityIncident } from './identity-services';
import type { ConditionalAccessPolicy } from './types';

/** One completed pass over the tenant, as `audit` and `lockout` show it. */
export interface ScanResult {
  tally: EnrolmentTally;
  incident?: IdentityIncident;
  policies?: ConditionalAccessPolicy[];
  /** Start of the "changed recently" window: the incident's start, else 24 h ago. */
  changedSince: number;
  finishedAt: number;
  csvPath?: string;
  notes: string[];
}
