import type { SampledCount } from '../../domain/enrolment-tally';
import type { IdentityIncident } from '../../domain/identity-services';
import { banner, bullets, formatUtc, md, section, textBlock, type Element, command } from '../../kit/card-parts';

/** "first 20 of 312" lists, shared by the audit and lockout cards. */
export function sampleSection(title: string, group: SampledCount, withTap = false): Element | undefined {
  if (group.count === 0) return undefined;
  const shown = group.first.length < group.count ? ` (first ${group.first.length} of ${group.count})` : ` (${group.count})`;
  const lines = group.first.map((u) => `${md(u.name)} (${md(u.upn)})${withTap ? `: ${command(`tap ${u.upn} <reason>`)}` : ''}`);
  return section(`${title}${shown}`, [bullets(lines)]);
}

/** During an identity incident the intersection leads the card: these people are the ones to call first. */
export function cohortBanner(incident: IdentityIncident | undefined, cohort: SampledCount, newHireDays: number): Element[] {
  if (!incident) return [];
  const since = formatUtc(incident.startDateTime) ?? 'its start';
  const head =
    `Identity incident ${md(incident.id)} (${md(incident.title)}), since ${since}: ` +
    (cohort.count === 0
      ? 'no user at risk of lockout is a new hire or changed their registration during it.'
      : `${cohort.count} user${cohort.count === 1 ? '' : 's'} at risk of lockout ${cohort.count === 1 ? 'is' : 'are'} new hires (last ${newHireDays} days) or changed their registration during it. Start with them.`);
  const out: Element[] = [banner(head, cohort.count ? 'attention' : 'warning')];
  const list = sampleSection('New hires or changed during the incident, at risk', cohort, true);
  if (list) out.push(list);
  return out;
}

export function notesSection(notes: string[]): Element | undefined {
  return notes.length ? section('Not counted', [bullets(notes.map(md))]) : undefined;
}

export function readAt(finishedAt: number, total: number): Element {
  return textBlock(
    `Registration report read ${formatUtc(finishedAt)}: ${total} users. Microsoft refreshes the report periodically, so changes from the last few hours may be missing.`,
    { isSubtle: true, spacing: 'None' },
  );
}
