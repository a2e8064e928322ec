import type { AdaptiveCard } from '../../core/reply';
import { withCsv, type PrivateLink } from '../../kit/private-link';
import type { ScanResult } from '../../domain/scan-result';
import { cohortBanner, notesSection, readAt, sampleSection } from './enrolment-parts';
import { adaptiveCard, facts, formatUtc, heading, type Element, command } from '../../kit/card-parts';

export interface AuditCardInput {
  scan: ScanResult;
  newHireDays: number;
  /** The download link, shown only when the card's audience is the requester alone. */
  csv?: PrivateLink;
}

/** The `audit` card: summary, the first 20 of each risky group, and the CSV. Pure. */
export function renderAuditCard({ scan, newHireDays, csv }: AuditCardInput): AdaptiveCard {
  const t = scan.tally;
  const changedLabel = scan.incident
    ? `Registration changed since the incident began (${formatUtc(scan.changedSince)})`
    : 'Registration changed in the last 24 h';
  const body: Element[] = [
    ...cohortBanner(scan.incident, t.cohort, newHireDays),
    ...heading('MFA enrolment audit'),
    readAt(scan.finishedAt, t.total),
    facts([
      ['Total users', String(t.total)],
      ['MFA registered', String(t.mfaRegistered)],
      ['MFA capable', String(t.mfaCapable)],
      ['Not registered', String(t.notRegistered.count)],
      ['Not registered, admins', String(t.adminsNotRegistered.count)],
      [`New hires (last ${newHireDays} days) not registered`, String(t.newHiresNotRegistered.count)],
      [changedLabel, String(t.changedRecently.count)],
      ['Passwordless capable', String(t.passwordlessCapable)],
      ['At risk of lockout', scan.policies ? `${t.atRisk.count} (see ${command('lockout')})` : undefined],
    ]),
  ];
  for (const s of [
    sampleSection('Admins not registered', t.adminsNotRegistered),
    sampleSection('New hires not registered', t.newHiresNotRegistered),
    sampleSection(scan.incident ? 'Registration changed during the incident' : 'Registration changed in the last 24 h', t.changedRecently),
    sampleSection('Not registered', t.notRegistered),
    notesSection(scan.notes),
  ])
    if (s) body.push(s);

  return withCsv(adaptiveCard(body), csv);
}
