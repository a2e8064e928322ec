import type { Secret } from '../domain/secret';
import type { AuthMethod, TemporaryAccessPass } from '../domain/directory-types';

/** The tenant's Temporary Access Pass policy, with Graph's documented defaults for what it leaves out. */
export interface TapPolicy {
  /** `enabled` or `disabled`. */
  state: string;
  defaultLifetimeInMinutes: number;
  minimumLifetimeInMinutes: number;
  maximumLifetimeInMinutes: number;
  /** The policy forces one-time passes. */
  isUsableOnce: boolean;
}

export interface IssuedTap {
  id: string;
  /** Only the answer to the creation carries the code; it stays wrapped until the requester's 1:1 message. */
  code: Secret;
  validUntil: string;
  lifetimeMinutes: number;
  isUsableOnce: boolean;
}

/**
 * A user's authentication methods and Temporary Access Passes. Every call may throw GraphFailure; `who`
 * names the user in its sentence.
 */
export interface AuthMethods extends MethodReads, TapIssuance {}

/** What a user can sign in with. */
export interface MethodReads {
  /** The registered methods, named, with the TAP (if any) apart; kinds the bot doesn't know are left out. */
  listMethods(userId: string, who: string): Promise<{ methods: AuthMethod[]; tap?: TemporaryAccessPass }>;
  /**
   * Of the given users, those (lower-cased ids) holding a TAP usable at `now`. A user whose passes can't be
   * read counts as holding none: the safe side for a lockout count.
   */
  findUsableTapHolders(userIds: string[], now: number): Promise<Set<string>>;
}

/** The `tap` command's Graph side: the policy, the pass a user holds, creating and deleting one. */
export interface TapIssuance {
  getTapPolicy(): Promise<TapPolicy>;
  /** The user's pass, usable or not; undefined when they hold none (a user holds at most one). */
  getTap(userId: string, who: string): Promise<TemporaryAccessPass | undefined>;
  /**
   * Creates a pass (replacing the one the user holds). Fails fast enough to answer inside a Teams invoke;
   * a creation that returns no code is a GraphFailure too.
   */
  createTap(userId: string, who: string, opts: { lifetimeInMinutes: number; isUsableOnce: boolean }): Promise<IssuedTap>;
  removeTap(userId: string, tapId: string, who: string): Promise<void>;
}
