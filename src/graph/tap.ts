import { GraphFailure } from '../domain/errors';
import { pathSegment } from '../domain/odata';
import { Secret } from '../domain/secret';
import type { DirectoryUser, TemporaryAccessPass } from '../domain/types';
import { tapExpiry } from '../domain/method-names';
import type { GraphGateway } from './graph-gateway';
import { graphMessages } from '../messages';

export interface TapPolicy {
  state: string;
  defaultLifetimeInMinutes: number;
  minimumLifetimeInMinutes: number;
  maximumLifetimeInMinutes: number;
  isUsableOnce: boolean;
}

export interface IssuedTap {
  id: string;
  /** Only the 201 answer to the POST carries the code; it stays wrapped until the requester's 1:1 message. */
  code: Secret;
  validUntil: string;
  lifetimeMinutes: number;
  isUsableOnce: boolean;
}

const TAP_POLICY = '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/temporaryAccessPass';
/** An approve click is an invoke Teams waits about 5 s for; a slow Graph is reported as a failure with Retry. */
const CREATE_BUDGET_MS = 4_000;

/** The Temporary Access Pass corner of Graph: policy, the user's current pass, creating and deleting one. */
export class TapGraph {
  constructor(private readonly graph: GraphGateway) {}

  async policy(): Promise<TapPolicy> {
    const p = await this.graph.request<Partial<TapPolicy>>({ part: 'the Temporary Access Pass policy', path: TAP_POLICY });
    return {
      state: String(p.state ?? 'disabled'),
      defaultLifetimeInMinutes: Number(p.defaultLifetimeInMinutes ?? 60),
      minimumLifetimeInMinutes: Number(p.minimumLifetimeInMinutes ?? 60),
      maximumLifetimeInMinutes: Number(p.maximumLifetimeInMinutes ?? 480),
      isUsableOnce: Boolean(p.isUsableOnce),
    };
  }

  /** The user's pass, if any (Graph keeps at most one; its code is never readable again). */
  async existing(userId: string, who: string): Promise<TemporaryAccessPass | undefined> {
    const res = await this.graph.request<{ value?: Array<Record<string, unknown>> }>({
      part: `${who}'s Temporary Access Pass`,
      path: `/users/${pathSegment(userId)}/authentication/temporaryAccessPassMethods`,
    });
    const t = res.value?.[0];
    if (!t) return undefined;
    return {
      id: String(t.id),
      createdDateTime: t.createdDateTime as string | undefined,
      startDateTime: t.startDateTime as string | undefined,
      lifetimeInMinutes: Number(t.lifetimeInMinutes ?? 0),
      isUsableOnce: Boolean(t.isUsableOnce),
      isUsable: Boolean(t.isUsable),
      methodUsabilityReason: t.methodUsabilityReason as string | undefined,
    };
  }

  async create(userId: string, who: string, opts: { lifetimeInMinutes: number; isUsableOnce: boolean }): Promise<IssuedTap> {
    const res = await this.graph.request<Record<string, unknown>>({
      part: `a Temporary Access Pass for ${who}`,
      method: 'POST',
      path: `/users/${pathSegment(userId)}/authentication/temporaryAccessPassMethods`,
      body: { lifetimeInMinutes: opts.lifetimeInMinutes, isUsableOnce: opts.isUsableOnce },
      budgetMs: CREATE_BUDGET_MS,
    });
    const raw = res.temporaryAccessPass;
    if (typeof raw !== 'string' || raw === '') {
      throw new GraphFailure('GRAPH_UNAVAILABLE', `a Temporary Access Pass for ${who}`, 201, undefined, graphMessages.tapCodeMissing());
    }
    const lifetimeMinutes = Number(res.lifetimeInMinutes ?? opts.lifetimeInMinutes);
    const tap: TemporaryAccessPass = {
      id: String(res.id),
      createdDateTime: res.createdDateTime as string | undefined,
      startDateTime: res.startDateTime as string | undefined,
      lifetimeInMinutes: lifetimeMinutes,
      isUsableOnce: Boolean(res.isUsableOnce),
      isUsable: true,
    };
    const end = tapExpiry(tap);
    return {
      id: tap.id,
      code: new Secret(raw),
      validUntil: new Date(end ?? Date.now() + lifetimeMinutes * 60_000).toISOString(),
      lifetimeMinutes,
      isUsableOnce: tap.isUsableOnce,
    };
  }

  async remove(userId: string, tapId: string, who: string): Promise<void> {
    await this.graph.request({
      part: `${who}'s Temporary Access Pass`,
      method: 'DELETE',
      path: `/users/${pathSegment(userId)}/authentication/temporaryAccessPassMethods/${pathSegment(tapId)}`,
    });
  }

  /** Enabled user members of the approver group, transitively. */
  async groupMembers(groupId: string): Promise<DirectoryUser[]> {
    return this.graph.all<DirectoryUser>(
      {
        part: 'the TAP approver group',
        path: `/groups/${pathSegment(groupId)}/transitiveMembers/microsoft.graph.user`,
        query: { $select: 'id,displayName,userPrincipalName,mail,accountEnabled', $top: 100 },
      },
      200,
    );
  }
}
