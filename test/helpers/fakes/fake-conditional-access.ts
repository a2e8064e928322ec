import type { ConditionalAccessPolicy } from '../../../src/domain/directory-types';
import type { ConditionalAccess } from '../../../src/ports/conditional-access';
import { fakeId, GraphFailures } from './graph-failures';

type Users = ConditionalAccessPolicy['users'];

export interface PolicySeed extends Partial<Omit<ConditionalAccessPolicy, 'users'>> {
  displayName: string;
  /** Who it targets; all users when left out. Lists not given are empty. */
  users?: Partial<Users>;
}

/** The ConditionalAccess port in memory; like the real one it answers with the last copy read when failing. */
export class FakeConditionalAccess implements ConditionalAccess {
  private readonly policies: ConditionalAccessPolicy[] = [];
  private lastRead: ConditionalAccessPolicy[] | undefined;
  private readonly failures = new GraphFailures<keyof ConditionalAccess>({ listPolicies: 'the conditional access policies' });
  readonly fail = this.failures.fail.bind(this.failures);
  readonly heal = this.failures.heal.bind(this.failures);

  /** By default an enforced sign-in policy for all users and all apps, requiring MFA. */
  addPolicy(seed: PolicySeed): ConditionalAccessPolicy {
    const { users, ...rest } = seed;
    const policy: ConditionalAccessPolicy = {
      id: fakeId(5, this.policies.length + 1),
      state: 'enabled',
      includeApplications: ['All'],
      includeUserActions: [],
      builtInControls: ['mfa'],
      authenticationStrength: null,
      ...rest,
      users: {
        includeUsers: users ? [] : ['All'],
        excludeUsers: [],
        includeGroups: [],
        excludeGroups: [],
        includeRoles: [],
        excludeRoles: [],
        ...users,
      },
    };
    this.policies.push(policy);
    return structuredClone(policy);
  }

  async listPolicies(): Promise<ConditionalAccessPolicy[]> {
    try {
      this.failures.throwIfFailing('listPolicies');
    } catch (e) {
      if (this.lastRead) return structuredClone(this.lastRead);
      throw e;
    }
    this.lastRead = structuredClone(this.policies);
    return structuredClone(this.policies);
  }
}
