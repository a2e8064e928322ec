import { systemClock, type Clock } from '../core/clock';
import type { ConditionalAccessPolicy } from '../domain/directory-types';
import type { ConditionalAccess } from '../ports/conditional-access';
import type { GraphGateway } from './graph-gateway';

type RawPolicy = {
  id: string;
  displayName?: string;
  state?: string;
  conditions?: {
    users?: Partial<Record<keyof ConditionalAccessPolicy['users'], string[] | null>> | null;
    applications?: { includeApplications?: string[] | null; includeUserActions?: string[] | null } | null;
  } | null;
  grantControls?: {
    builtInControls?: string[] | null;
    authenticationStrength?: { displayName?: string; requirementsSatisfied?: string } | null;
  } | null;
};

/**
 * The ConditionalAccess port over Graph, cached: Graph allows one CA read per second per tenant and
 * answers 429 without Retry-After, and policies change rarely. A stale copy beats no answer in an outage.
 */
export class GraphConditionalAccess implements ConditionalAccess {
  private cache: { at: number; policies: ConditionalAccessPolicy[] } | undefined;
  private inFlight: Promise<ConditionalAccessPolicy[]> | undefined;

  constructor(
    private readonly graph: GraphGateway,
    private readonly ttlMs = 5 * 60_000,
    private readonly clock: Pick<Clock, 'now'> = systemClock,
  ) {}

  async listPolicies(): Promise<ConditionalAccessPolicy[]> {
    if (this.cache && this.clock.now() - this.cache.at < this.ttlMs) return this.cache.policies;
    this.inFlight ??= this.fetch().finally(() => (this.inFlight = undefined));
    try {
      return await this.inFlight;
    } catch (e) {
      if (this.cache) return this.cache.policies;
      throw e;
    }
  }

  private async fetch(): Promise<ConditionalAccessPolicy[]> {
    const raw = await this.graph.all<RawPolicy>({ part: 'the conditional access policies', path: '/identity/conditionalAccess/policies' });
    const policies = raw.map(toPolicy);
    this.cache = { at: this.clock.now(), policies };
    return policies;
  }
}

export function toPolicy(p: RawPolicy): ConditionalAccessPolicy {
  const u = p.conditions?.users ?? {};
  const list = (v: string[] | null | undefined) => v ?? [];
  return {
    id: p.id,
    displayName: p.displayName ?? p.id,
    state: p.state ?? 'disabled',
    users: {
      includeUsers: list(u.includeUsers),
      excludeUsers: list(u.excludeUsers),
      includeGroups: list(u.includeGroups),
      excludeGroups: list(u.excludeGroups),
      includeRoles: list(u.includeRoles),
      excludeRoles: list(u.excludeRoles),
    },
    includeApplications: list(p.conditions?.applications?.includeApplications),
    includeUserActions: list(p.conditions?.applications?.includeUserActions),
    builtInControls: list(p.grantControls?.builtInControls),
    authenticationStrength: p.grantControls?.authenticationStrength ?? null,
  };
}
