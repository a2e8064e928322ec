import type { AdaptiveCard } from '../../core/reply';
import type { UserStatus } from '../status/look-up';
import { isSignInPolicy, restrictsRegistration, type PolicyVerdict } from '../../domain/lockout-risk';
import { tapExpiry } from '../../domain/method-names';
import { daysSince } from '../../domain/resolve-user';
import {
  adaptiveCard,
  banner,
  bullets,
  facts,
  formatUtc,
  heading,
  md,
  section,
  textBlock,
  type Element,
  command,
} from '../../kit/card-parts';

const STATE: Record<string, string> = {
  enabled: 'enforced',
  enabledForReportingButNotEnforced: 'report-only, not counted',
  disabled: 'disabled, not counted',
};

/** `lockout <user>`: which MFA policies apply and why, what they have, and what gets them in. Pure. */
export function renderLockoutUserCard(s: UserStatus, now: number, newHireDays: number, names: Map<string, string>): AdaptiveCard {
  const u = s.user;
  const a = s.lockout;
  const body: Element[] = [...heading(`Lockout check: ${md(u.displayName || u.userPrincipalName)}`, md(u.userPrincipalName))];
  if (!a) {
    body.push(banner("I couldn't read the policies or memberships, so I can't say whether this user is at risk.", 'warning'));
  } else if (a.atRisk) {
    body.push(
      banner(
        `At risk of lockout: ${a.enforcing.map((p) => `"${md(p.displayName)}"`).join(', ')} requires MFA and they have no MFA method and no usable TAP.`,
        'attention',
      ),
    );
  } else {
    body.push(
      banner(
        s.mfaRegistered
          ? 'Not at risk: MFA is registered.'
          : s.tapUsable
            ? 'Not at risk for now: they hold a usable Temporary Access Pass.'
            : 'Not at risk: no enforced MFA sign-in policy applies to them.',
        'good',
      ),
    );
  }
  const age = daysSince(u.createdDateTime, now);
  body.push(
    facts([
      ['MFA registered', s.mfaRegistered ? 'Yes' : 'No'],
      [
        'Temporary Access Pass',
        s.tap
          ? s.tapUsable
            ? `Usable until ${formatUtc(tapExpiry(s.tap)) ?? 'unknown'}`
            : `Present, not usable${s.tap.methodUsabilityReason ? ` (${md(s.tap.methodUsabilityReason)})` : ''}`
          : 'None',
      ],
      ['New hire', age !== undefined && age <= newHireDays ? `Yes, created ${age} day${age === 1 ? '' : 's'} ago` : undefined],
      ['Registration report updated', formatUtc(s.registration?.lastUpdatedDateTime)],
    ]),
  );
  if (a) {
    body.push(
      section('Policies requiring MFA', [a.verdicts.length ? bullets(a.verdicts.map((v) => describe(v, names))) : textBlock('None.')]),
    );
  }
  const registrationBlocked = a?.blockingRegistration.length && !s.mfaRegistered;
  if (a?.atRisk || registrationBlocked) {
    body.push(
      section('What gets them in', [
        textBlock(
          `A Temporary Access Pass lets them sign in${registrationBlocked ? ' and register security info (which itself requires MFA here)' : ''} and set up MFA. Ask for one with:`,
        ),
        textBlock(command(`tap ${u.userPrincipalName} <reason>`)),
      ]),
    );
  }
  if (s.notes.length) body.push(section('Not shown', [bullets(s.notes.map(md))]));
  return adaptiveCard(body);
}

function describe(v: PolicyVerdict, names: Map<string, string>): string {
  const kind = restrictsRegistration(v.policy) ? 'registering security info' : isSignInPolicy(v.policy) ? 'sign-in' : 'other';
  const head = `${md(v.policy.displayName)} (${kind}; ${STATE[v.policy.state] ?? md(v.policy.state)})`;
  if (v.scope.inScope) return `${head}: applies`;
  const reason = v.scope.reason.replace(
    /(group|directory role) ([0-9a-f-]{36})/i,
    (_m, what: string, id: string) => `${what} ${md(names.get(id.toLowerCase()) ?? id)}`,
  );
  return `${head}: ${reason}`;
}
