import type { RegistrationRow } from '../../../src/domain/enrolment-tally';
import type { DirectoryUser, RegistrationDetails } from '../../../src/domain/directory-types';
import type { RegistrationReport } from '../../../src/ports/registration-report';
import { GraphFailures } from './graph-failures';

type Row = RegistrationRow & RegistrationDetails;

/** The RegistrationReport port in memory: one row per user added, read in small pages so paging is exercised. */
export class FakeRegistrationReport implements RegistrationReport {
  private readonly rows: Row[] = [];
  private readonly failures = new GraphFailures<keyof RegistrationReport>({
    getRegistration: "the user's MFA registration report",
    readPages: 'the MFA registration report',
  });
  readonly fail = this.failures.fail.bind(this.failures);
  readonly heal = this.failures.heal.bind(this.failures);

  constructor(private readonly pageSize = 2) {}

  /** The user's row: not registered, not an admin, no methods, unless said otherwise. */
  addRow(user: DirectoryUser, details: Partial<RegistrationDetails> = {}): Row {
    const row: Row = {
      id: user.id,
      userPrincipalName: user.userPrincipalName,
      userDisplayName: user.displayName,
      userType: user.userType?.toLowerCase() === 'guest' ? 'guest' : 'member',
      isAdmin: false,
      isMfaRegistered: false,
      isMfaCapable: details.isMfaRegistered ?? false,
      isPasswordlessCapable: false,
      methodsRegistered: [],
      lastUpdatedDateTime: null,
      ...details,
    };
    this.rows.push(row);
    return { ...row };
  }

  async getRegistration(userId: string): Promise<RegistrationDetails | undefined> {
    this.failures.throwIfFailing('getRegistration');
    const row = this.rows.find((r) => r.id.toLowerCase() === userId.toLowerCase());
    return row && { ...row };
  }

  async *readPages(): AsyncGenerator<RegistrationRow[]> {
    this.failures.throwIfFailing('readPages');
    for (let i = 0; i < this.rows.length; i += this.pageSize) yield this.rows.slice(i, i + this.pageSize).map((r) => ({ ...r }));
  }
}
