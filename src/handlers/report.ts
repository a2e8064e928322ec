import { withCsv } from '../cards/audit-card';
import { renderIncidentReportCard, renderIncidentReportMarkdown } from '../cards/incident-report-card';
import { card, text, type Reply } from '../core/reply';
import type { CommandInput } from '../core/turn';
import type { HealthIssue } from '../domain/health-types';
import type { IncidentReport } from '../domain/incident-report';
import { messages } from '../messages';
import { gatherReport } from '../poller/incident-report';
import { hasRunbook } from '../poller/runbook';
import type { Services } from '../services';
import { deliverCsv } from './audit';

const LOOK_BACK_MS = 30 * 24 * 3_600_000;
const ID = /^[A-Za-z0-9-]{1,64}$/;

/** `report [<incident id>]`: the post-incident report made again from the bot's records, with its Markdown export. */
export async function runReport(input: CommandInput, services: Services): Promise<Reply[]> {
  const id = input.args.trim();
  if (id && !ID.test(id)) return [text(messages.reportBadId())];
  const issue = id ? await services.store.health.issues.get(id) : await latestIdentityIncident(services);
  if (!issue) return [text(id ? messages.reportUnknown(id) : messages.reportNone())];
  if (!hasRunbook(issue, services.identityServices)) return [text(messages.reportNotIdentity(issue.id))];
  const report = await gatherReport(services.store, issue, services.clock.now());
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
