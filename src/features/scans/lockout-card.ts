import type { AdaptiveCard } from '../../core/reply';
import type { ScanResult } from '../../domain/scan-result';
import { isSignInPolicy, requiresMfa, restrictsRegistration } from '../../domain/lockout-risk';
import { cohortBanner, notesSection, readAt, sampleSection } from './enrolment-parts';
import { adaptiveCard, bullets, facts, heading, md, section, textBlock, type Element, command } from '../../kit/card-parts';

const STATE: Record<string, string> = { enabledForReportingButNotEnforced: 'report-only', disabled: 'disabled' };

/** The `lockout` card: who enforced MFA policies would lock out, and which policies. Pure. */
export function renderLockoutCard(scan: ScanResult, newHireDays: number): AdaptiveCard {
  const t = scan.tally;
  const policies = scan.policies ?? [];
  const enforced = policies.filter((p) => p.state === 'enabled' && requiresMfa(p));
  const causing = enforced
    .filter(isSignInPolicy)
    .map((p) => ({ p, n: t.byPolicy.get(p.id) ?? 0 }))
    .sort((a, b) => b.n - a.n);
  const registration = enforced.filter(restrictsRegistration);
  const notCounted = policies.filter((p) => p.state !== 'enabled');

  const body: Element[] = [
    ...cohortBanner(scan.incident, t.cohort, newHireDays),
    ...heading('Lockout review', 'Users an enforced MFA policy applies to who have no MFA method and no usable Temporary Access Pass.'),
    readAt(scan.finishedAt, t.total),
    facts([
      ['At risk of lockout (distinct users)', String(t.atRisk.count)],
      ['Not registered but covered by a usable TAP', String(t.tapCovered)],
      ['Not registered but disabled (not counted)', t.disabledExcluded ? String(t.disabledExcluded) : undefined],
      ['Not registered, in total', String(t.notRegistered.count)],
    ]),
    section('Policies causing the risk', [
      causing.length
        ? bullets(causing.map(({ p, n }) => `${md(p.displayName)}: ${n} user${n === 1 ? '' : 's'}`))
        : textBlock('No enabled policy requires MFA to sign in.'),
    ]),
  ];
  if (registration.length) {
    body.push(
      section('Policies requiring MFA to register security info', [
        bullets(
          registration.map((p) => {
            const n = t.blockedRegistration.get(p.id) ?? 0;
            return `${md(p.displayName)}: ${n} unregistered user${n === 1 ? '' : 's'} in scope can only register with a TAP`;
          }),
        ),
      ]),
    );
  }
  if (notCounted.length) {
    body.push(
      section('Report-only and disabled (listed, never counted)', [
        bullets(notCounted.map((p) => `${md(p.displayName)} (${STATE[p.state] ?? md(p.state)})`)),
      ]),
    );
  }
  const list = sampleSection('At risk', t.atRisk, true);
  if (list) body.push(list);
  if (t.atRisk.count)
    body.push(
      textBlock(
        `A Temporary Access Pass gets someone in and lets them register: ${command('tap <user> <reason>')}. ${command('lockout <user>')} explains one person.`,
        { isSubtle: true },
      ),
    );
  const notes = notesSection(scan.notes);
  if (notes) body.push(notes);
  return adaptiveCard(body);
}
