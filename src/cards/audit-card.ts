import type { AdaptiveCard } from '../core/reply';
import type { ScanResult } from '../domain/scan-result';
import { cohortBanner, notesSection, readAt, sampleSection } from './enrolment-parts';
import { adaptiveCard, facts, formatUtc, heading, section, textBlock, type Element, command } from './parts';

export interface AuditCardInput {
  scan: ScanResult;
  newHireDays: number;
  /** The download link, shown only when the card's audience is the requester alone. */
  csv?: { url: string; expiresAt: number } | { sentPrivately: true; expiresAt: number } | { unavailable: string };
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

/** The CSV part of the audit card, added to a card rendered without it (a last-known card gets a fresh link). */
export function withCsv(card: AdaptiveCard, csv: AuditCardInput['csv'], title = 'Every user as CSV'): AdaptiveCard {
  if (!csv) return card;
  const body = [...((card.body as Element[] | undefined) ?? [])];
  const actions: Record<string, unknown>[] = [];
  if ('url' in csv) {
    body.push(section(title, [textBlock(`The link is yours alone and works until ${formatUtc(csv.expiresAt)}.`)]));
    actions.push({ type: 'Action.OpenUrl', title: 'Download CSV', url: csv.url });
  } else if ('sentPrivately' in csv) {
    body.push(
      section(title, [textBlock(`I sent the download link to you in a private chat; it works until ${formatUtc(csv.expiresAt)}.`)]),
    );
  } else {
    body.push(section(title, [textBlock(csv.unavailable)]));
  }
  return { ...card, body, ...(actions.length ? { actions } : {}) };
}
