import { incidentWindows, phaseAt, type IncidentWindow } from './incident-phases';
import { tapUsability } from './render/auth-method';
import { decodeSignInId, renderSignIn, type SignInRecord } from './render/sign-in';
import { appFor, attemptCodes, classify, hash32, hashText, type SignInPin, type SignInProfile } from './seed/seed-sign-ins';
import { inScope, isSignInPolicy, requiresMfa } from './sign-in-scope';
import type {
  AuthMethod,
  ConditionalAccessPolicy,
  IssueStatusChange,
  ServiceHealthIssue,
  SimGroup,
  SimRole,
  SimUser,
  TapPolicy,
} from './sim-types';

/** What the log reads from the tenant (structural, so tenant.ts can own a log without an import cycle). */
export interface SignInSource {
  readonly tenantId: string;
  readonly users: SimUser[];
  readonly issues: ServiceHealthIssue[];
  readonly issueHistory: IssueStatusChange[];
  readonly issueHistoryVersion: number;
  readonly conditionalAccessPolicies: ConditionalAccessPolicy[];
  readonly tapPolicy: TapPolicy;
  readonly signInPins: ReadonlyMap<string, SignInPin>;
  readonly now: () => number;
  methodsOf(user: SimUser): AuthMethod[];
  transitiveMemberOf(objectId: string): { groups: SimGroup[]; roles: SimRole[] };
}

export interface SignInCursor {
  at: number;
  user: number;
  seq: number;
}

interface UserState {
  fingerprint: number;
  profile: SignInProfile;
  policiesInScope: Set<string>;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const NEW_HIRE_MS = 14 * DAY;
const STRONG = new Set<AuthMethod['kind']>(['microsoftAuthenticator', 'phone', 'fido2', 'windowsHelloForBusiness', 'softwareOath']);
const MAX_CACHED_SLOTS = 4_000;

/** Newest first: by time, then user, then attempt. */
const newerFirst = (a: SignInCursor, b: SignInCursor) => b.at - a.at || b.user - a.user || b.seq - a.seq;

/**
 * The tenant's interactive sign-ins, generated on demand as a pure function of (user, minute, incident phase):
 * each user signs in about once an hour; users an identity outage affects retry about every 5 minutes.
 * Fully past minutes are cached until the service-health history changes (an incident opened at now − 12 min
 * rewrites the last 12 minutes).
 */
export class SignInLog {
  /** Ingestion lag: entries show up this long after they happen (Graph: 2–5 min; 0 by default). */
  lagMs = 0;
  /** P1/P2 retention. */
  retentionMs = 30 * DAY;
  private frozenAt?: number;
  private readonly salt: number;
  private readonly slots = new Map<number, SignInRecord[]>();
  /** Users by the minute of the hour of their hourly sign-in (fixed per user, so any 60 minutes hold one). */
  private minutes: number[][] = [];
  private readonly states: UserState[] = [];
  private retriers: number[][] = [[], [], [], [], []];
  private windows: IncidentWindow[] = [];
  private seenVersion = -1;
  private seenPolicies?: ConditionalAccessPolicy[];

  constructor(private readonly src: SignInSource) {
    this.salt = hashText(src.tenantId);
  }

  /** Stop new entries appearing (at `at`, default now) until unfreeze(). */
  freeze(at?: number): void {
    this.frozenAt = at ?? this.src.now();
  }

  unfreeze(): void {
    this.frozenAt = undefined;
  }

  get frozen(): number | undefined {
    return this.frozenAt;
  }

  /** The newest createdDateTime a reader can see: now less the lag, or the freeze. */
  visibleUntil(): number {
    return Math.min(this.src.now() - this.lagMs, this.frozenAt ?? Infinity);
  }

  /** The rendered Graph entries with from ≤ createdDateTime ≤ to, newest first, exactly as GET /auditLogs/signIns returns them. */
  between(fromMs: number, toMs: number): Record<string, unknown>[] {
    return [...this.scan({ from: fromMs, to: toMs })].map((r) => this.render(r));
  }

  /** Records newest first within [from, to] that a reader can see, strictly after `after`, for one user or all. */
  *scan(opts: { from: number; to: number; user?: number; after?: SignInCursor }): Generator<SignInRecord> {
    this.refresh();
    const top = Math.min(opts.to, this.visibleUntil(), opts.after?.at ?? Infinity);
    const bottom = Math.max(opts.from, this.src.now() - this.retentionMs);
    if (!(top >= bottom)) return;
    for (let slot = Math.floor(top / MINUTE); slot >= Math.floor(bottom / MINUTE); slot--) {
      const records = opts.user !== undefined ? this.userSlot(opts.user, slot) : this.slot(slot);
      for (const r of records) {
        if (r.at > top || r.at < bottom) continue;
        if (opts.after && newerFirst(opts.after, r) >= 0) continue;
        yield r;
      }
    }
  }

  render(r: SignInRecord): Record<string, unknown> {
    const state = this.states[r.user];
    return renderSignIn(r, {
      salt: this.salt,
      user: this.src.users[r.user],
      mfaRequired: state.profile.mfaRequired,
      policies: this.src.conditionalAccessPolicies,
      policiesInScope: state.policiesInScope,
    });
  }

  /** One visible entry by id, or undefined. */
  find(id: string): SignInRecord | undefined {
    this.refresh();
    const key = decodeSignInId(this.salt, id);
    if (!key || key.user >= this.src.users.length) return undefined;
    const from = key.slot * MINUTE;
    return [...this.scan({ from, to: from + MINUTE - 1, user: key.user })].find((r) => r.seq === key.seq);
  }

  /** Index of a user by object id or UPN (for single-user filters), or -1. */
  userIndex(idOrUpn: string): number {
    const key = idOrUpn.toLowerCase();
    return this.src.users.findIndex((u) => u.id.toLowerCase() === key || u.userPrincipalName.toLowerCase() === key);
  }

  private slot(slot: number): SignInRecord[] {
    const cached = this.slots.get(slot);
    if (cached) return cached;
    const hourly = this.minutes[slot % 60];
    const users = this.retrying(slot) ? new Set([...hourly, ...this.retriers[(5 - (slot % 5)) % 5]]) : hourly;
    const records: SignInRecord[] = [];
    for (const u of users) this.attempts(u, slot, records);
    records.sort(newerFirst);
    this.remember(slot, records);
    return records;
  }

  private userSlot(user: number, slot: number): SignInRecord[] {
    const cached = this.slots.get(slot);
    return cached ? cached.filter((r) => r.user === user) : this.attempts(user, slot, []).sort(newerFirst);
  }

  private remember(slot: number, records: SignInRecord[]) {
    if ((slot + 1) * MINUTE > this.src.now()) return;
    if (this.slots.size >= MAX_CACHED_SLOTS) this.slots.delete(this.slots.keys().next().value as number);
    this.slots.set(slot, records);
  }

  private minuteOf(u: number): number {
    return hash32(this.salt, u, 0x60) % 60;
  }

  private retrying(slot: number): boolean {
    return (
      phaseAt(this.windows, slot * MINUTE).phase !== 'healthy' || phaseAt(this.windows, slot * MINUTE + MINUTE - 1).phase !== 'healthy'
    );
  }

  /** One user's attempts in one minute: the hourly sign-in (if it falls here) and outage retries (every 5 min, 1–3). */
  private attempts(u: number, slot: number, out: SignInRecord[]): SignInRecord[] {
    const state = this.states[u];
    if (!state) return out;
    const p = state.profile;
    const start = slot * MINUTE;
    const push = (at: number, codes: number[], seq: number, roll: number, gapS: number) => {
      const app = appFor(codes[0], roll);
      codes.forEach((code, i) => out.push({ at: at + i * gapS * 1000, user: u, seq: seq + i, code, app }));
    };
    const hourly = this.minuteOf(u) === slot % 60;
    if (hourly && (!p.disabled || p.always !== undefined || hash32(this.salt, u, Math.floor(slot / 60), 7) % 4 === 0)) {
      const roll = hash32(this.salt, u, slot, 1);
      const at = start + (roll % 36) * 1000;
      push(at, attemptCodes(p, phaseAt(this.windows, at), this.tapUsable(u, at), roll >>> 8), 0, roll >>> 16, 6 + ((roll >>> 4) % 12));
    }
    if (p.outageCode === undefined || p.always !== undefined || (slot + (p.hash % 5)) % 5 !== 0) return out;
    const roll = hash32(this.salt, u, slot, 2);
    for (let k = 0; k < 1 + (roll % 3); k++) {
      const at = start + (k * 18 + ((roll >>> (4 + k * 4)) % 15)) * 1000;
      const phase = phaseAt(this.windows, at);
      if (phase.phase === 'healthy' || this.tapUsable(u, at)) continue;
      // Those who recover sign in once when the fix lands, then only hourly.
      if (phase.phase === 'restoring' && p.recoversAtRestoring && (k > 0 || start - 5 * MINUTE >= phase.restoringAt)) continue;
      push(at, attemptCodes(p, phase, false, roll >>> 8), 4 + k, roll >>> 12, 0);
    }
    return out;
  }

  private tapUsable(u: number, at: number): boolean {
    const tap = this.src.users[u].methods?.find((m) => m.kind === 'temporaryAccessPass');
    return Boolean(tap && tapUsability(tap, at, this.src.tapPolicy).isUsable);
  }

  /** Re-reads incidents (clearing cached minutes) and any user whose account or methods changed. */
  private refresh() {
    const version = this.src.issueHistoryVersion + this.src.issues.length * 1e9;
    if (version !== this.seenVersion) {
      this.seenVersion = version;
      this.windows = incidentWindows(this.src.issues, this.src.issueHistory);
      this.slots.clear();
    }
    const policiesChanged = this.seenPolicies !== this.src.conditionalAccessPolicies;
    this.seenPolicies = this.src.conditionalAccessPolicies;
    let changed = this.states.length !== this.src.users.length;
    for (let u = 0; u < this.src.users.length; u++) {
      const user = this.src.users[u];
      const fingerprint = (user.accountEnabled ? 1 : 0) + 2 * ((user.methods?.length ?? -1) + 1);
      if (!policiesChanged && this.states[u]?.fingerprint === fingerprint) continue;
      this.states[u] = this.profileOf(user, u);
      changed = true;
    }
    if (changed) {
      this.minutes = Array.from({ length: 60 }, () => [] as number[]);
      for (let u = 0; u < this.states.length; u++) this.minutes[this.minuteOf(u)].push(u);
      this.retriers = [[], [], [], [], []];
      this.states.forEach((s, u) => s.profile.outageCode !== undefined && this.retriers[s.profile.hash % 5].push(u));
    }
  }

  private profileOf(user: SimUser, index: number): UserState {
    const methods = this.src.methodsOf(user);
    const { groups, roles } = this.src.transitiveMemberOf(user.id);
    const groupIds = new Set(groups.map((g) => g.id));
    const roleIds = new Set(roles.map((r) => r.roleTemplateId));
    const policiesInScope = new Set(this.src.conditionalAccessPolicies.filter((p) => inScope(p, user, groupIds, roleIds)).map((p) => p.id));
    const mfaRequired = this.src.conditionalAccessPolicies.some(
      (p) => p.state === 'enabled' && policiesInScope.has(p.id) && isSignInPolicy(p) && requiresMfa(p),
    );
    const profile = classify({
      index,
      hash: hash32(this.salt, index, 0xfade),
      disabled: !user.accountEnabled,
      guest: user.userType === 'Guest',
      registered: methods.some((m) => STRONG.has(m.kind)),
      mfaRequired,
      newHire: this.src.now() - Date.parse(user.createdDateTime) < NEW_HIRE_MS || groups.some((g) => /new hires/i.test(g.displayName)),
      pin: this.src.signInPins.get(user.id.toLowerCase()),
    });
    return { fingerprint: (user.accountEnabled ? 1 : 0) + 2 * ((user.methods?.length ?? -1) + 1), profile, policiesInScope };
  }
}
