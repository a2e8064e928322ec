import type { AdaptiveCard } from '../../core/reply';
import type { ImpactResult, ImpactWindow, LockoutMeaning } from './sign-in-impact';
import {
  adaptiveCard,
  banner,
  bullets,
  command,
  facts,
  formatUtc,
  heading,
  md,
  section,
  textBlock,
  type Element,
} from '../../kit/card-parts';

/** What each kind of lockout means for the person, and what the helpdesk can do. */
export const MEANING_WORDS: Record<LockoutMeaning, string> = {
  register: 'Must register security info (MFA) first: a Temporary Access Pass gets them in to register',
  'registration-blocked': 'Registration blocked by a risk or location policy: needs an admin, or a Temporary Access Pass',
  'strong-auth-failed': 'Strong authentication failed: their MFA method did not work (reset phone, outage)',
  'ca-blocked': "Blocked by conditional access: a Temporary Access Pass won't help; review the policy",
  other: 'Another configured lockout code',
};

export interface ImpactCardInput {
  window: ImpactWindow;
  result: ImpactResult;
  /** The last lockout review's cohorts, or why they could not be compared. */
  overlap: { atRisk: number; newHires: number; at: number } | { unavailable: string };
  codes: number[];
  /** How many names the card lists (the CSV has everyone). */
  listed?: number;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The `impact` card: who already failed to sign in with a lockout code and hasn't got in since. Pure. */
export function renderImpactCard({ window, result, overlap, codes, listed = 20 }: ImpactCardInput): AdaptiveCard {
  const body: Element[] = [];
  if (window.incident) body.push(banner(`${md(window.incident.id)}: ${md(window.incident.title)}`, 'attention'));
  body.push(
    ...heading(
      'Sign-in impact',
      `Who failed to sign in with a lockout code from ${formatUtc(window.from)} to ${formatUtc(window.to)} and has not signed in successfully since.`,
    ),
    facts([
      ['Blocked now (distinct users)', String(result.blocked.length)],
      ['Their failed attempts', String(result.attempts)],
      ['Failed, then got in (not counted)', String(result.recovered)],
      ...('unavailable' in overlap
        ? ([['Compared with the lockout review', overlap.unavailable]] as Array<[string, string]>)
        : ([
            ['Also at risk in the lockout review', String(overlap.atRisk)],
            ['Also new hires', String(overlap.newHires)],
          ] as Array<[string, string]>)),
    ]),
  );
  if (result.byMeaning.length)
    body.push(section('Why they are blocked', [bullets(result.byMeaning.map(([m, n]) => `${MEANING_WORDS[m]}: ${plural(n, 'user')}`))]));
  if (result.topApps.length)
    body.push(section('Where they tried to sign in', [bullets(result.topApps.map(([app, n]) => `${md(app)}: ${plural(n, 'attempt')}`))]));
  if (result.blocked.length) {
    const shown = result.blocked.slice(0, listed);
    const more = result.blocked.length - shown.length;
    body.push(
      section(`Blocked, most recent first${more > 0 ? ` (first ${shown.length})` : ''}`, [
        bullets(shown.map((u) => `${md(u.name)} (${md(u.upn || u.id)}): ${u.code} at ${formatUtc(u.lastFailureAt)}, ${md(u.app)}`)),
        ...(more > 0 ? [textBlock(`…and ${plural(more, 'more user')}; the CSV has everyone.`, { isSubtle: true })] : []),
        textBlock(
          `Next: ${command('tap <user> <reason>')} gets someone in to register; ${command('lockout <user>')} explains which policy stops them.`,
          { isSubtle: true },
        ),
      ]),
    );
  } else {
    body.push(section('Nobody is blocked', [textBlock('No one failed with a lockout code in this window without signing in since.')]));
  }
  body.push(
    textBlock(
      `Microsoft writes sign-in logs 2–5 minutes late: the last few minutes are not here yet. Codes counted: ${codes.join(', ')} (LOCKOUT_ERROR_CODES).`,
      { isSubtle: true, size: 'Small' },
    ),
  );
  return adaptiveCard(body);
}
