import { deliverCsv, withCsv } from '../../kit/private-link';
import { renderIncidentReportCard, renderIncidentReportMarkdown } from './report-card';
import { card, text, type Reply } from '../../core/reply';
import type { CommandInput } from '../../core/turn';
import type { HealthIssue } from '../../domain/health-types';
import type { IncidentReport } from './incident-report';
import { incidentMessages } from './incident-messages';
import { gatherReport } from './gather-report';
import { hasRunbook } from './runbook-state';
import type { Services } from '../../services';

const LOOK_BACK_MS = 30 * 24 * 3_600_000;
const ID = /^[A-Za-z0-9-]{1,64}$/;

/** `report [<incident id>]`: the post-incident report made again from the bot's records, with its Markdown export. */
export async function runReport(input: CommandInput, services: Services): Promise<Reply[]> {
  const id = input.args.trim();
  if (id && !ID.test(id)) return [text(incidentMessages.reportBadId())];
  const issue = id ? await services.store.health.issues.get(id) : await latestIdentityIncident(services);
  if (!issue) return [text(id ? incidentMessages.reportUnknown(id) : incidentMessages.reportNone())];
  if (!hasRunbook(issue, services.identityServices)) return [text(incidentMessages.reportNotIdentity(issue.id))];
  const report = await gatherReport(services, issue, services.clock.now());
  const link = await exportReport(input, services, report);
  return [card(withCsv(renderIncidentReportCard(report), link, 'The report as Markdown'), `Incident report: ${issue.id}`)];
}

/** The Markdown file, linked for the requester alone (the audit CSV's rules: privately unless in a 1:1 chat). */
export async function exportReport(input: CommandInput, services: Services, report: IncidentReport) {
  const file = services.downloads.newFile();
  try {
    await file.write(renderIncidentReportMarkdown(report));
    await file.close();
  } catch (e) {
    await file.discard();
    throw e;
  }
  return deliverCsv(input, services, file.ref, report.generatedAt, {
    file: `mfa-incident-${report.issue.id}`,
    words: `report on ${report.issue.id} (Markdown)`,
    ext: 'md',
  });
}

/** The identity incident most recently changed (open or resolved) in the last 30 days. */
async function latestIdentityIncident(services: Services): Promise<HealthIssue | undefined> {
  const since = new Date(services.clock.now() - LOOK_BACK_MS).toISOString();
  const known = (await services.store.health.issues.issuesChangedSince(since)).filter((i) => hasRunbook(i, services.identityServices));
  return known.sort((a, b) => b.lastModifiedDateTime.localeCompare(a.lastModifiedDateTime))[0];
}
