import type { RegistrationRow } from '../domain/enrolment-tally';
import type { RegistrationDetails } from '../domain/directory-types';

/**
 * The MFA registration report (Entra ID P1/P2): refreshed by Microsoft a few times a day, so a new user
 * has no row until the next refresh. Every read may throw GraphFailure.
 */
export interface RegistrationReport {
  /** One user's row; undefined when the report has none yet. `who` names the user in a failure's sentence. */
  getRegistration(userId: string, who: string): Promise<RegistrationDetails | undefined>;
  /** Every row, page by page, in the report's order: constant memory for any tenant size. */
  readPages(): AsyncIterable<RegistrationRow[]>;
}
