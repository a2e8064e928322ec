/**
 * Entra sign-in log rows as the bot reads them, and what the error codes that lock people out mean.
 */

/** The fields of a Graph signIn the analysis reads. */
export interface SignInRow {
  id: string;
  createdDateTime: string;
  userId: string;
  userPrincipalName?: string | null;
  userDisplayName?: string | null;
  appDisplayName?: string | null;
  status?: { errorCode?: number | null } | null;
}

/** What a lockout code means for the person, in the words the card uses. */
export type LockoutMeaning = 'register' | 'registration-blocked' | 'strong-auth-failed' | 'ca-blocked' | 'other';

const MEANINGS: Record<number, LockoutMeaning> = {
  50079: 'register',
  50072: 'register',
  53004: 'registration-blocked',
  53010: 'registration-blocked',
  500121: 'strong-auth-failed',
  53003: 'ca-blocked',
};

/** Codes outside Microsoft's documented set still count (LOCKOUT_ERROR_CODES says so); their meaning is unknown. */
export function meaningOf(code: number): LockoutMeaning {
  return MEANINGS[code] ?? 'other';
}

/** Parses LOCKOUT_ERROR_CODES: integers separated by commas or spaces; throws on anything else. */
export function parseLockoutCodes(value: string): number[] {
  const parts = value.split(/[\s,]+/).filter(Boolean);
  const codes = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : NaN));
  if (!codes.length || codes.some((c) => !Number.isSafeInteger(c) || c <= 0))
    throw new Error('a list of sign-in error codes, e.g. 50079,50072');
  return [...new Set(codes)];
}
