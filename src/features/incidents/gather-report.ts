import { noticeGroup } from '../../domain/campaign';
import type { HealthIssue } from '../../domain/health-types';
import { reportKeys, tapFigures, type ImpactFigures, type IncidentReport, type NoticeFigures, type ScanFigures } from './incident-report';
import type { Store } from '../../ports/store';
import type { Outbox } from '../../delivery/outbox';
import { readRunbook } from './runbook-state';

/** How much of the TAP trail a report reads (newest first); an incident with more says its counts are a floor. */
const TRAIL_LIMIT = 2_000;
const SENT = new Set(['sending', 'sent', 'finished']);

/** Where a report's figures come from: the bot's records, and the outbox for how far each notice got. */
export interface ReportSources {
  store: Store;
  outbox: Pick<Outbox, 'counts'>;
}

/**
 * Everything the post-incident report says, from the bot's own records only (no Graph call, so it can be made
 * while Graph is still shaky): Microsoft's posts, the TAP trail in the incident's window, what `impact` and
 * the scans counted, the notices sent about it, and who did the runbook's steps.
 */
export async function gatherReport(records: ReportSources, issue: HealthIssue, now: number): Promise<IncidentReport> {
  const { store } = records;
  const from = Date.parse(issue.startDateTime) || now;
  const to = (issue.isResolved && Date.parse(issue.endDateTime ?? '')) || now;
  const snap = <T>(kind: 'impact' | 'report', key: string) =>
    store.snapshots.get<T>(kind, key, now).then(
      (s) => s?.value,
      () => undefined,
    );
  const [trail, runbook, peak, last, first, latest, notices] = await Promise.all([
    store.tapRequests.history({ limit: TRAIL_LIMIT }),
    readRunbook(store.snapshots, issue.id, now).catch(() => ({})),
    snap<ImpactFigures>('impact', reportKeys.impact(issue.id, 'peak')),
    snap<ImpactFigures>('impact', reportKeys.impact(issue.id, 'last')),
    snap<ScanFigures>('report', reportKeys.scan(issue.id, 'first')),
    snap<ScanFigures>('report', reportKeys.scan(issue.id, 'last')),
    noticeFigures(records, issue.id).catch(() => undefined),
  ]);
  return {
    issue,
    from,
    to,
    taps: tapFigures(trail, from, to, TRAIL_LIMIT),
    impact: { peak, last },
    notices,
    scans: { first, last: latest && first && latest.at === first.at ? undefined : latest },
    runbook,
    generatedAt: now,
  };
}

async function noticeFigures({ store, outbox }: ReportSources, incidentId: string): Promise<NoticeFigures[]> {
  const campaigns = (await store.campaigns.recent(100)).filter((c) => c.incident?.id === incidentId && SENT.has(c.status));
  return Promise.all(
    campaigns.reverse().map(async (c) => {
      const n = await outbox.counts(noticeGroup(c.id));
      return {
        kind: c.kind,
        audience: c.audience,
        cohort: c.cohort,
        recipients: c.recipientCount,
        sent: n.sent + n['dry-run'],
        notReachable: n.gone,
        failed: n.failed + n.cancelled,
        waiting: n.queued + n.sending,
        at: c.sendPressedAt ?? c.createdAt,
        by: c.requester.name,
      };
    }),
  );
}
