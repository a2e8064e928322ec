/**
 * Who already hit the wall: from Entra sign-in logs, the users whose latest sign-in with a lockout code in
 * the window has no later success. Pure: the handler feeds it pages as Graph returns them.
 */

import { meaningOf, type LockoutMeaning, type SignInRow } from '../../domain/sign-in-codes';

export { meaningOf, type LockoutMeaning, type SignInRow };

export interface BlockedUser {
  id: string;
  upn: string;
  name: string;
  /** The code of the latest failure, and what it means. */
  code: number;
  meaning: LockoutMeaning;
  /** Failed sign-ins with a lockout code in the window. */
  attempts: number;
  lastFailureAt: number;
  /** The application of the latest failure. */
  app: string;
}

export interface ImpactResult {
  blocked: BlockedUser[];
  /** Failed attempts by the blocked users. */
  attempts: number;
  byMeaning: Array<[LockoutMeaning, number]>;
  /** Applications the blocked users failed to sign in to, most attempts first (at most five). */
  topApps: Array<[string, number]>;
  /** Users who failed with a lockout code and later signed in: not counted. */
  recovered: number;
}

interface Candidate extends BlockedUser {
  apps: Map<string, number>;
  recoveredAt?: number;
}

const at = (r: SignInRow) => Date.parse(r.createdDateTime);
const keyOf = (userId: string) => userId.toLowerCase();

export class ImpactTally {
  private readonly users = new Map<string, Candidate>();

  /** Failures with one of the lockout codes, in any order. */
  addFailures(rows: SignInRow[]): void {
    for (const r of rows) {
      const code = r.status?.errorCode ?? 0;
      if (!r.userId || code === 0) continue;
      const when = at(r);
      const app = r.appDisplayName || 'Unknown application';
      const known = this.users.get(keyOf(r.userId));
      const c: Candidate = known ?? {
        id: r.userId,
        upn: r.userPrincipalName ?? '',
        name: r.userDisplayName || r.userPrincipalName || r.userId,
        code,
        meaning: meaningOf(code),
        attempts: 0,
        lastFailureAt: when,
        app,
        apps: new Map(),
      };
      c.attempts++;
      c.apps.set(app, (c.apps.get(app) ?? 0) + 1);
      if (when >= c.lastFailureAt) Object.assign(c, { lastFailureAt: when, code, meaning: meaningOf(code), app });
      this.users.set(keyOf(r.userId), c);
    }
  }

  /** Successful sign-ins: a success after a user's latest lockout failure means they got back in. */
  addSuccesses(rows: SignInRow[]): void {
    for (const r of rows) {
      if ((r.status?.errorCode ?? 0) !== 0 || !r.userId) continue;
      const c = this.users.get(keyOf(r.userId));
      const when = at(r);
      if (c && when > c.lastFailureAt) c.recoveredAt = Math.max(c.recoveredAt ?? 0, when);
    }
  }

  /** Candidates not yet known to have got back in, each with the instant after which a success would clear them. */
  unsettled(): Array<{ id: string; lastFailureAt: number }> {
    return [...this.users.values()].filter((c) => c.recoveredAt === undefined).map((c) => ({ id: c.id, lastFailureAt: c.lastFailureAt }));
  }

  /** The earliest instant a success could still clear someone: reading successes older than this is wasted. */
  earliestOpenFailure(): number | undefined {
    let min: number | undefined;
    for (const c of this.users.values())
      if (c.recoveredAt === undefined && (min === undefined || c.lastFailureAt < min)) min = c.lastFailureAt;
    return min;
  }

  result(): ImpactResult {
    const blocked = [...this.users.values()].filter((c) => c.recoveredAt === undefined);
    const meanings = new Map<LockoutMeaning, number>();
    const apps = new Map<string, number>();
    for (const c of blocked) {
      meanings.set(c.meaning, (meanings.get(c.meaning) ?? 0) + 1);
      for (const [app, n] of c.apps) apps.set(app, (apps.get(app) ?? 0) + n);
    }
    const byCount = <K>(m: Map<K, number>) => [...m].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])));
    return {
      blocked: blocked
        .sort((a, b) => b.lastFailureAt - a.lastFailureAt || a.name.localeCompare(b.name))
        .map(({ apps: _apps, recoveredAt: _r, ...u }) => u),
      attempts: blocked.reduce((n, c) => n + c.attempts, 0),
      byMeaning: byCount(meanings),
      topApps: byCount(apps).slice(0, 5),
      recovered: this.users.size - blocked.length,
    };
  }
}

/** The window `impact` reads: its bounds and why these. */
export interface ImpactWindow {
  from: number;
  to: number;
  source: 'incident' | 'default' | 'argument';
  incident?: { id: string; title: string };
}

export const MAX_IMPACT_MINUTES = 24 * 60;
export const DEFAULT_IMPACT_MINUTES = 60;

/** `impact [<minutes>]`: whole minutes from 1 to 24 h; undefined argument is fine, anything else is refused. */
export function parseImpactMinutes(args: string): { minutes?: number } | { error: 'not-a-number' | 'out-of-range' } {
  const a = args.trim();
  if (!a) return {};
  if (!/^\d+$/.test(a)) return { error: 'not-a-number' };
  const n = Number(a);
  return n >= 1 && n <= MAX_IMPACT_MINUTES ? { minutes: n } : { error: 'out-of-range' };
}
