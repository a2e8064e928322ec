import { GraphFailure } from '../domain/errors';
import { describeMethods, isTapUsable, tapExpiry } from '../domain/method-names';
import { pathSegment } from '../domain/odata';
import { Secret } from '../domain/secret';
import type { AuthMethod, TemporaryAccessPass } from '../domain/directory-types';
import { graphMessages } from './graph-messages';
import type { AuthMethods, IssuedTap, TapPolicy } from '../ports/auth-methods';
import type { GraphGateway } from './graph-gateway';

const TAP_POLICY = '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/temporaryAccessPass';
/**
 * Creating a pass may wait for a slot in the identity reports bucket (it is an authenticationMethod) and
 * runs outside the approve click's invoke, so it can take longer than Teams waits for a card.
 */
const CREATE_BUDGET_MS = 30_000;
type RawTap = Record<string, unknown>;

/** The AuthMethods port over Graph: a user's methods, and the Temporary Access Pass corner of Graph. */
export class GraphAuthMethods implements AuthMethods {
  constructor(private readonly graph: GraphGateway) {}

  async listMethods(userId: string, who: string): Promise<{ methods: AuthMethod[]; tap?: TemporaryAccessPass }> {
    const res = await this.graph.request<{ value: Array<Record<string, unknown>> }>({
      part: `${who}'s authentication methods`,
      path: `/users/${pathSegment(userId)}/authentication/methods`,
    });
    return describeMethods(res.value ?? []);
  }

  /** The report only says a TAP was registered (it may have expired or been used), so candidates are confirmed in $batch. */
  async findUsableTapHolders(userIds: string[], now: number): Promise<Set<string>> {
    const results = await this.graph.batch(
      userIds.map((id, n) => ({
        id: String(n),
        part: 'Temporary Access Passes',
        path: `/users/${pathSegment(id)}/authentication/temporaryAccessPassMethods`,
      })),
    );
    const usable = new Set<string>();
    for (const [n, r] of results) {
      // Throttled items were sent again; one Graph still could not answer for stays "no usable TAP", the safe side for a lockout count.
      if (!r.ok) continue;
      const taps = ((r.body as { value?: RawTap[] } | undefined)?.value ?? []).map(toTap);
      if (taps.some((t) => isTapUsable(t, now))) usable.add(userIds[Number(n)].toLowerCase());
    }
    return usable;
  }

  async getTapPolicy(): Promise<TapPolicy> {
    const p = await this.graph.request<Partial<TapPolicy>>({ part: 'the Temporary Access Pass policy', path: TAP_POLICY });
    return {
      state: String(p.state ?? 'disabled'),
      defaultLifetimeInMinutes: Number(p.defaultLifetimeInMinutes ?? 60),
      minimumLifetimeInMinutes: Number(p.minimumLifetimeInMinutes ?? 60),
      maximumLifetimeInMinutes: Number(p.maximumLifetimeInMinutes ?? 480),
      isUsableOnce: Boolean(p.isUsableOnce),
    };
  }

  /** Its code is never readable again after creation. */
  async getTap(userId: string, who: string): Promise<TemporaryAccessPass | undefined> {
    const res = await this.graph.request<{ value?: RawTap[] }>({
      part: `${who}'s Temporary Access Pass`,
      path: `/users/${pathSegment(userId)}/authentication/temporaryAccessPassMethods`,
    });
    const t = res.value?.[0];
    return t ? toTap(t) : undefined;
  }

  async createTap(userId: string, who: string, opts: { lifetimeInMinutes: number; isUsableOnce: boolean }): Promise<IssuedTap> {
    const res = await this.graph.request<RawTap>({
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

  async removeTap(userId: string, tapId: string, who: string): Promise<void> {
    await this.graph.request({
      part: `${who}'s Temporary Access Pass`,
      method: 'DELETE',
      path: `/users/${pathSegment(userId)}/authentication/temporaryAccessPassMethods/${pathSegment(tapId)}`,
    });
  }
}

function toTap(t: RawTap): TemporaryAccessPass {
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
