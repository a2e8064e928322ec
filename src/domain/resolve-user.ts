import type { DirectoryUser } from './directory-types';

export type Resolution = { kind: 'none' } | { kind: 'one'; user: DirectoryUser } | { kind: 'many'; users: DirectoryUser[]; more: boolean };

/**
 * Picks the user someone meant from Graph's candidates. An exact hit on the sign-in name's local part,
 * the full UPN or mail, or the whole display name wins when it is unique; otherwise several are a choice.
 */
export function resolveUser(term: string, candidates: DirectoryUser[], shown = 10): Resolution {
  if (candidates.length === 0) return { kind: 'none' };
  if (candidates.length === 1) return { kind: 'one', user: candidates[0] };
  const t = term.trim().toLowerCase();
  const exact = candidates.filter((u) => {
    const upn = (u.userPrincipalName ?? '').toLowerCase();
    return upn === t || upn.split('@')[0] === t || (u.mail ?? '').toLowerCase() === t || (u.displayName ?? '').toLowerCase() === t;
  });
  if (exact.length === 1) return { kind: 'one', user: exact[0] };
  return { kind: 'many', users: candidates.slice(0, shown), more: candidates.length > shown };
}

export function daysSince(iso: string | null | undefined, now: number): number | undefined {
  const t = Date.parse(iso ?? '');
  return Number.isNaN(t) ? undefined : Math.floor((now - t) / 86_400_000);
}
