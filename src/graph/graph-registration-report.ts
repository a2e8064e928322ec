import type { RegistrationRow } from '../domain/enrolment-tally';
import { GraphFailure } from '../domain/errors';
import { pathSegment } from '../domain/odata';
import type { RegistrationDetails } from '../domain/directory-types';
import type { RegistrationReport } from '../ports/registration-report';
import type { GraphGateway } from './graph-gateway';

const REPORT = '/reports/authenticationMethods/userRegistrationDetails';

/** The RegistrationReport port over Graph: one request per page, never per-user method calls. */
export class GraphRegistrationReport implements RegistrationReport {
  constructor(private readonly graph: GraphGateway) {}

  async getRegistration(userId: string, who: string): Promise<RegistrationDetails | undefined> {
    try {
      return await this.graph.request<RegistrationDetails>({
        part: `${who}'s MFA registration report`,
        path: `${REPORT}/${pathSegment(userId)}`,
      });
    } catch (e) {
      if (e instanceof GraphFailure && e.status === 404) return undefined;
      throw e;
    }
  }

  /** The next page is requested while the caller works on this one: every caller reads to the end. */
  readPages(): AsyncGenerator<RegistrationRow[]> {
    return this.graph.pages<RegistrationRow>({ part: 'the MFA registration report', path: REPORT }, { readAhead: true });
  }
}
