import { GraphFailure } from '../../../src/domain/errors';
import type { UserStatusRead, UserStatusReads } from '../../../src/ports/user-status';
import type { AuthMethods } from '../../../src/ports/auth-methods';
import type { Directory } from '../../../src/ports/directory';
import type { RegistrationReport } from '../../../src/ports/registration-report';

/**
 * The one-round-trip status read, made of the other fakes, so seeding and `fail(…)` on them shape it too.
 * `throttleRegistration()` makes the registration row answer as a busy reports bucket would.
 */
export class FakeUserStatus implements UserStatusReads {
  private registrationBusy = false;

  constructor(
    private readonly directory: Directory,
    private readonly authMethods: AuthMethods,
    private readonly registrationReport: RegistrationReport,
  ) {}

  throttleRegistration(busy = true): void {
    this.registrationBusy = busy;
  }

  async readStatus(idOrUpn: string): Promise<UserStatusRead | undefined> {
    const user = await this.directory.getUser(idOrUpn);
    if (!user) return undefined;
    const who = user.displayName || user.userPrincipalName;
    const failures: UserStatusRead['failures'] = {};
    const optional = async <T>(read: () => Promise<T>, part: keyof UserStatusRead['failures']): Promise<T | undefined> => {
      try {
        return await read();
      } catch (e) {
        if (!(e instanceof GraphFailure)) throw e;
        failures[part] = e;
        return undefined;
      }
    };
    const methods = await this.authMethods.listMethods(user.id, who);
    const manager = await optional(() => this.directory.getManager(user.id, who), 'manager');
    const registration = this.registrationBusy
      ? ((failures.registration = new GraphFailure(
          'GRAPH_THROTTLED',
          `${who}'s MFA registration report`,
          429,
          'BudgetTimeout',
          'throttled',
        )),
        undefined)
      : await optional(() => this.registrationReport.getRegistration(user.id, who), 'registration');
    const membership = await optional(() => this.directory.getMembership(user.id, who), 'membership');
    return { user, manager, methods, registration, membership, failures };
  }
}
