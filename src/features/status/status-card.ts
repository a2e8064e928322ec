import type { AdaptiveCard } from '../../core/reply';
import type { UserStatus } from './look-up';
import { reportMethodName, tapExpiry } from '../../domain/method-names';
import { daysSince } from '../../domain/resolve-user';
import type { TemporaryAccessPass } from '../../domain/directory-types';
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
  yesNo,
  type Element,
} from '../../kit/card-parts';

/** The `status` card: account, MFA, TAP, lockout risk. Pure: same input, same card. */
export function renderStatusCard(s: UserStatus, now: number, newHireDays: number): AdaptiveCard {
  const u = s.user;
  const body: Element[] = [];
  if (s.incident) {
    body.push(
      banner(
        `Microsoft reports an active MFA incident ${md(s.incident.id)}: TAP issuance and registration may fail. (${md(s.incident.title)})`,
        'warning',
      ),
    );
  }
  body.push(...heading(md(u.displayName || u.userPrincipalName), md([u.userPrincipalName, u.jobTitle].filter(Boolean).join(' · '))));
  body.push(lockoutBanner(s));

  const age = daysSince(u.createdDateTime, now);
  const newHire = age !== undefined && age <= newHireDays;
  body.push(
    section('Account', [
      facts([
        ['Enabled', u.accountEnabled === undefined ? undefined : u.accountEnabled ? 'Yes' : 'No (sign-in blocked)'],
        [
          'Created',
          formatUtc(u.createdDateTime) &&
            `${formatUtc(u.createdDateTime)}${newHire ? ` (new hire, ${age} day${age === 1 ? '' : 's'} ago)` : ''}`,
        ],
        ['Type', u.userType && u.userType.toLowerCase() === 'guest' ? 'Guest' : undefined],
        ['Manager', s.manager ? md(`${s.manager.displayName} (${s.manager.userPrincipalName ?? s.manager.mail ?? ''})`) : 'None recorded'],
      ]),
    ]),
  );

  const r = s.registration;
  body.push(
    section('MFA', [
      facts([
        ['Registered', yesNo(s.mfaRegistered)],
        ['Capable', yesNo(r?.isMfaCapable)],
        ['Passwordless capable', yesNo(r?.isPasswordlessCapable)],
        ['Default method', reportMethodName(r?.userPreferredMethodForSecondaryAuthentication) ?? (r ? 'None' : undefined)],
        [
          'System-preferred',
          r?.isSystemPreferredAuthenticationMethodEnabled ? reportMethodName(r.systemPreferredAuthenticationMethods?.[0]) : undefined,
        ],
        ['Admin', r?.isAdmin ? 'Yes' : undefined],
        ['Report updated', formatUtc(r?.lastUpdatedDateTime)],
        ['Registration as of', s.registrationAsOf ? `${formatUtc(s.registrationAsOf)} (the last scan's copy; Graph was busy)` : undefined],
      ]),
      s.methods.length
        ? bullets(s.methods.map((m) => (m.detail ? `${m.name}: ${md(m.detail)}` : m.name)))
        : textBlock('No authentication methods registered.'),
    ]),
  );

  body.push(section('Temporary Access Pass', [textBlock(describeTap(s.tap, s.tapUsable))]));

  if (s.notes.length) body.push(section('Not shown', [bullets(s.notes.map(md))]));
  return adaptiveCard(body);
}

function describeTap(tap: TemporaryAccessPass | undefined, usable: boolean): string {
  if (!tap) return 'None.';
  const until = formatUtc(tapExpiry(tap));
  const kind = tap.isUsableOnce ? 'one-time' : 'multi-use';
  if (usable) return `Active until ${until ?? 'unknown'} (${tap.lifetimeInMinutes} min, ${kind}).`;
  const why = tap.methodUsabilityReason ? ` (${tap.methodUsabilityReason})` : '';
  return `Present but not usable${why}; ${until ? `expiry ${until}` : 'no expiry recorded'}.`;
}

function lockoutBanner(s: UserStatus): Element {
  const l = s.lockout;
  if (!l)
    return banner(
      "Lockout risk: unknown, because I couldn't read the conditional access policies or this user's group memberships (see below).",
      'accent',
    );
  const names = (ps: Array<{ displayName: string }>) => ps.map((p) => `"${md(p.displayName)}"`).join(', ');
  const lines: string[] = [];
  let style: 'attention' | 'warning' | 'good' = 'good';
  if (l.atRisk) {
    style = 'attention';
    lines.push(
      `Lockout risk: YES. ${names(l.enforcing)} require${l.enforcing.length === 1 ? 's' : ''} MFA and this user has no MFA method and no usable TAP. A Temporary Access Pass would get them in: ${command(`tap ${s.user.userPrincipalName} <reason>`)}.`,
    );
  } else if (l.enforcing.length === 0) {
    lines.push('Lockout risk: no. No enforced MFA policy applies to this user.');
  } else if (s.mfaRegistered) {
    lines.push(`Lockout risk: no. MFA is required (${names(l.enforcing)}) and the user is registered.`);
  } else {
    lines.push(`Lockout risk: no, for now. MFA is required (${names(l.enforcing)}); the user is not registered but holds a usable TAP.`);
  }
  if (!s.mfaRegistered && l.blockingRegistration.length) {
    if (style === 'good') style = 'warning';
    lines.push(`Registering security info also needs MFA (${names(l.blockingRegistration)}), so they need a TAP to register.`);
  }
  return { ...banner(lines[0], style), items: lines.map((t, i) => textBlock(t, i === 0 ? { weight: 'Bolder' } : {})) };
}
