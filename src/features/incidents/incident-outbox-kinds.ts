import { incidentSummary, renderIncidentCard, renderIncidentUpdateCard } from './incident-card';
import type { Clock } from '../../core/clock';
import { card } from '../../core/reply';
import type { HealthIssue } from '../../domain/health-types';
import { matchesAny, type IdentityMatcher } from '../../domain/identity-services';
import type { BuildResult, Outbox, OutboxKind, OutboxKinds } from '../../delivery/outbox';
import type { Logger } from '../../logger';
import type { HealthSubscription } from '../../ports/health-store';
import type { OutboxItem } from '../../ports/outbox-store';
import type { Store } from '../../ports/store';
import { hasRunbook, readRunbook } from './runbook-state';
import { gatherReport } from './gather-report';
import type { IncidentReport } from './incident-report';
import { renderIncidentReportCard } from './report-card';

export interface IncidentKindDeps {
  store: Store;
  /** The post-incident report counts how far each notice got. */
  outbox: Pick<Outbox, 'counts'>;
  identity: IdentityMatcher;
  logger: Logger;
  clock: Clock;
}

const REPORT_REUSE_MS = 60_000;

type Payload = {
  issueId: string;
  subscriptionKey: string;
  postIndex?: number;
  resolved?: boolean;
  statusChanged?: boolean;
  version?: string;
};

/**
 * The three incident messages: the card (a new thread or chat message), a thread reply per change, the card
 * updated in place. Each renders the issue as the poller last saw it, for a conversation still subscribed to it.
 */
export function incidentKinds(deps: IncidentKindDeps): OutboxKinds {
  const { store, identity, logger, clock } = deps;

  /** The issue and subscription, or why not to send: unsubscribed (cancel) or the bot is out of the conversation (hold). */
  const load = async (item: OutboxItem): Promise<{ issue: HealthIssue; sub: HealthSubscription; p: Payload } | 'cancel' | 'hold'> => {
    const p = item.payload as Payload;
    const [issue, sub] = await Promise.all([store.health.issues.get(p.issueId), store.health.subscriptions.get(p.subscriptionKey)]);
    if (!issue || !sub || !matchesAny(sub.targets, issue, identity)) return 'cancel';
    // Paused, not dropped: what is owed goes out when the bot is back (the poller resumes the lane).
    if (!sub.active) return 'hold';
    return { issue, sub, p };
  };

  const kind = (render: (issue: HealthIssue, p: Payload) => BuildResult | Promise<BuildResult>): OutboxKind => ({
    build: async (item) => {
      const loaded = await load(item);
      return typeof loaded === 'string' ? loaded : render(loaded.issue, loaded.p);
    },
    onGone: async (item, error) => {
      const key = (item.payload as Payload).subscriptionKey;
      await store.health.subscriptions.setActive({ key }, false, `${error.status} ${error.code}`, clock.now());
      logger.warn(
        { subscription: key, status: error.status, code: error.code },
        'the bot is no longer in this conversation; subscription deactivated until it is added back',
      );
      return 'pause';
    },
  });

  // One report per incident for a minute, however many conversations it goes to (it reads the whole TAP trail).
  const reports = new Map<string, { at: number; report: Promise<IncidentReport> }>();
  const reportOf = (issue: HealthIssue): Promise<IncidentReport> => {
    const now = clock.now();
    const kept = reports.get(issue.id);
    if (kept && now - kept.at < REPORT_REUSE_MS) return kept.report;
    const report = gatherReport(deps, issue, now);
    reports.set(issue.id, { at: now, report });
    report.catch(() => reports.delete(issue.id));
    return report;
  };

  /** The card as it is now, with the runbook's state for an identity incident (read when it is sent). */
  const incidentCard = async (issue: HealthIssue) => {
    const runbook = hasRunbook(issue, identity) ? await readRunbook(store.snapshots, issue.id, clock.now()) : undefined;
    return card(renderIncidentCard(issue, runbook), incidentSummary(issue));
  };

  return {
    'incident.card': kind(incidentCard),
    'incident.reply': kind((issue, p) =>
      card(
        renderIncidentUpdateCard(issue, { postIndex: p.postIndex, resolved: p.resolved === true, statusChanged: p.statusChanged === true }),
        incidentSummary(issue),
      ),
    ),
    // Made when it is sent, from the store: what the helpdesk did up to that moment.
    'incident.report': kind(async (issue) => card(renderIncidentReportCard(await reportOf(issue)), `Post-incident report: ${issue.id}`)),
    // The card shows the issue as it is now, so an update for a version since superseded is dropped: the
    // poller has enqueued (or is enqueueing) one for the newer version behind it.
    'incident.cardUpdate': kind((issue, p) =>
      p.version !== undefined && p.version !== issue.lastModifiedDateTime ? 'cancel' : incidentCard(issue),
    ),
  };
}
