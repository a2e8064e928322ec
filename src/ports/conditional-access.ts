import type { ConditionalAccessPolicy } from '../domain/directory-types';

/** Conditional Access policies: what decides who is asked for MFA, and so who can be locked out. */
export interface ConditionalAccess {
  /**
   * Every policy, in any state. May answer from a copy a few minutes old, and with the last copy read when
   * Graph fails; throws GraphFailure only when no copy was ever read.
   */
  listPolicies(): Promise<ConditionalAccessPolicy[]>;
}
