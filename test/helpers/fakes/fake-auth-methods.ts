import type { Clock } from '../../../src/core/clock';
import { isTapUsable } from '../../../src/domain/method-names';
import { Secret } from '../../../src/domain/secret';
import type { AuthMethod, MethodKind, TemporaryAccessPass } from '../../../src/domain/directory-types';
import type { AuthMethods, IssuedTap, TapPolicy } from '../../../src/ports/auth-methods';
import { fixedClock } from './fixed-clock';
import { fakeId, GraphFailures } from './graph-failures';

/** The names describeMethods gives each kind, so a fake's methods read like a real tenant's. */
const NAMES: Record<MethodKind, string> = {
  password: 'Password',
  authenticator: 'Microsoft Authenticator',
  phone: 'Phone (mobile)',
  fido2: 'FIDO2 security key',
  windowsHello: 'Windows Hello for Business',
  email: 'Email',
  softwareOath: 'Software OATH token',
  temporaryAccessPass: 'Temporary Access Pass',
  platformCredential: 'Platform credential (macOS)',
  hardwareOath: 'Hardware OATH token',
  certificate: 'Certificate-based authentication',
  external: 'External authentication method',
};

const key = (userId: string) => userId.toLowerCase();

/** The AuthMethods port in memory: methods and passes per user, the tenant's TAP policy, passes created. */
export class FakeAuthMethods implements AuthMethods {
  private readonly methods = new Map<string, AuthMethod[]>();
  private readonly taps = new Map<string, TemporaryAccessPass>();
  private policy: TapPolicy = {
    state: 'enabled',
    defaultLifetimeInMinutes: 60,
    minimumLifetimeInMinutes: 60,
    maximumLifetimeInMinutes: 480,
    isUsableOnce: false,
  };
  /** Every pass createTap made, in order (the codes stay wrapped). */
  readonly created: Array<{ userId: string; tap: IssuedTap }> = [];
  private readonly failures = new GraphFailures<keyof AuthMethods>({
    listMethods: "the user's authentication methods",
    findUsableTapHolders: 'Temporary Access Passes',
    getTapPolicy: 'the Temporary Access Pass policy',
    getTap: "the user's Temporary Access Pass",
    createTap: 'a Temporary Access Pass for the user',
    removeTap: "the user's Temporary Access Pass",
  });
  readonly fail = this.failures.fail.bind(this.failures);
  readonly heal = this.failures.heal.bind(this.failures);

  constructor(private readonly clock: Clock = fixedClock()) {}

  /** Registered methods, by kind (`'authenticator'`) or spelled out. */
  addMethods(userId: string, ...methods: Array<MethodKind | AuthMethod>): void {
    const list = this.methods.get(key(userId)) ?? [];
    for (const m of methods) list.push(typeof m === 'string' ? { kind: m, name: NAMES[m] } : m);
    this.methods.set(key(userId), list);
  }

  /** The user's pass (replacing any): by default usable, multi-use, started now, for an hour. */
  giveTap(userId: string, tap: Partial<TemporaryAccessPass> = {}): TemporaryAccessPass {
    const pass: TemporaryAccessPass = {
      id: fakeId(4, this.taps.size + this.created.length + 1),
      startDateTime: new Date(this.clock.now()).toISOString(),
      lifetimeInMinutes: 60,
      isUsableOnce: false,
      isUsable: true,
      ...tap,
    };
    this.taps.set(key(userId), pass);
    return { ...pass };
  }

  setTapPolicy(policy: Partial<TapPolicy>): void {
    this.policy = { ...this.policy, ...policy };
  }

  async listMethods(userId: string): Promise<{ methods: AuthMethod[]; tap?: TemporaryAccessPass }> {
    this.failures.throwIfFailing('listMethods');
    const tap = this.taps.get(key(userId));
    return { methods: (this.methods.get(key(userId)) ?? []).map((m) => ({ ...m })), ...(tap ? { tap: { ...tap } } : {}) };
  }

  async findUsableTapHolders(userIds: string[], now: number): Promise<Set<string>> {
    this.failures.throwIfFailing('findUsableTapHolders');
    return new Set(userIds.filter((id) => isTapUsable(this.taps.get(key(id)), now)).map(key));
  }

  async getTapPolicy(): Promise<TapPolicy> {
    this.failures.throwIfFailing('getTapPolicy');
    return { ...this.policy };
  }

  async getTap(userId: string): Promise<TemporaryAccessPass | undefined> {
    this.failures.throwIfFailing('getTap');
    const tap = this.taps.get(key(userId));
    return tap && { ...tap };
  }

  async createTap(userId: string, _who: string, opts: { lifetimeInMinutes: number; isUsableOnce: boolean }): Promise<IssuedTap> {
    this.failures.throwIfFailing('createTap');
    const now = this.clock.now();
    const pass = this.giveTap(userId, { lifetimeInMinutes: opts.lifetimeInMinutes, isUsableOnce: opts.isUsableOnce });
    const issued: IssuedTap = {
      id: pass.id,
      code: new Secret(`fake-tap-${this.created.length + 1}`),
      validUntil: new Date(now + opts.lifetimeInMinutes * 60_000).toISOString(),
      lifetimeMinutes: opts.lifetimeInMinutes,
      isUsableOnce: opts.isUsableOnce,
    };
    this.created.push({ userId, tap: issued });
    return issued;
  }

  async removeTap(userId: string, tapId: string): Promise<void> {
    this.failures.throwIfFailing('removeTap');
    if (this.taps.get(key(userId))?.id === tapId) this.taps.delete(key(userId));
  }
}
