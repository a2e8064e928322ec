import type { GraphFailure } from '../domain/errors';
import type { AuthMethod, DirectoryUser, Membership, RegistrationDetails, TemporaryAccessPass } from '../domain/directory-types';

/** Everything `status` shows about one user that comes from Graph, read together. */
export interface UserStatusRead {
  user: DirectoryUser;
  manager?: DirectoryUser;
  methods: { methods: AuthMethod[]; tap?: TemporaryAccessPass };
  /** The live report row; undefined when the report has none yet, or when it could not be read (see failures). */
  registration?: RegistrationDetails;
  membership?: Membership;
  /** Parts that could not be read, each with the sentence to show. A failed methods read fails the whole read. */
  failures: { manager?: GraphFailure; registration?: GraphFailure; membership?: GraphFailure };
}

export interface UserStatusReads {
  /**
   * One user by object id or exact sign-in name, in one round trip. Undefined when no such user exists.
   * The registration row gives up after `registrationWaitMs` without a throttling slot (its failure is
   * then a throttling one), because the caller can show the scan's snapshot instead. With
   * `registrationYields` the row queues behind a running scan's report pages instead of ahead of them.
   */
  readStatus(idOrUpn: string, opts?: { registrationWaitMs?: number; registrationYields?: boolean }): Promise<UserStatusRead | undefined>;
}
