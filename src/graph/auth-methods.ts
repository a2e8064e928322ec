import { GraphFailure } from '../domain/errors';
import { describeMethods } from '../domain/method-names';
import { pathSegment } from '../domain/odata';
import type { AuthMethod, RegistrationDetails, TemporaryAccessPass } from '../domain/types';
import type { GraphGateway } from './graph-gateway';

/** Authentication methods and the registration report for one user. */
export class AuthMethods {
  constructor(private readonly graph: GraphGateway) {}

  async list(userId: string, who: string): Promise<{ methods: AuthMethod[]; tap?: TemporaryAccessPass }> {
    const res = await this.graph.request<{ value: Array<Record<string, unknown>> }>({
      part: `${who}'s authentication methods`,
      path: `/users/${pathSegment(userId)}/authentication/methods`,
    });
    return describeMethods(res.value ?? []);
  }

  /** The report row, or undefined when the report has none (new users appear after its next refresh). */
  async registration(userId: string, who: string): Promise<RegistrationDetails | undefined> {
    try {
      return await this.graph.request<RegistrationDetails>({
        part: `${who}'s MFA registration report`,
        path: `/reports/authenticationMethods/userRegistrationDetails/${pathSegment(userId)}`,
      });
    } catch (e) {
      if (e instanceof GraphFailure && e.status === 404) return undefined;
      throw e;
    }
  }
}
