import type { HealthIssue } from '../../domain/health-types';
import { incidentLane } from './incident-lanes';
import { diffIssue, progressOf } from './outage-diff';
import type { EnqueuedProgress, HealthSubscription } from '../../ports/health-store';
import type { NewOutboxItem } from '../../ports/outbox-store';

export const incidentGroup = (issueId: string) => `incident:${issueId}`;

/** What a conversation subscribed to this issue still has to be told. */
export function hasNews(issue: HealthIssue, record: EnqueuedProgress | undefined): boolean {
  if (!record?.progress) return !issue.isResolved || record !== undefined;
  return diffIssue(record.progress, issue).length > 0 || record.cardVersion !== issue.lastModifiedDateTime;
}

/**
 * The outbox items that bring one conversation up to date on one issue, and the record to save once they are
 * enqueued. Same rules as before the outbox: a new issue is the card (a new thread in channels, a message in
 * chats; nothing for one first seen resolved); each new Microsoft post is a thread reply (status and resolution
 * ride on the last one); the root card is updated in place to the latest state. Keys are stable, so working
 * this out again from the same record enqueues nothing new.
 */
export function owedItems(
  issue: HealthIssue,
  sub: HealthSubscription,
  record: EnqueuedProgress,
  opts: { report?: boolean } = {},
): { items: NewOutboxItem[]; next: EnqueuedProgress } {
  const base = `inc:${issue.id}:${sub.key}:${record.series}`;
  const common = {
    lane: incidentLane(sub.key),
    tenant: sub.tenantId ?? 'tenant',
    group: incidentGroup(issue.id),
  };
  const payload = { issueId: issue.id, subscriptionKey: sub.key };
  const next: EnqueuedProgress = { ...record, progress: progressOf(issue), cardVersion: issue.lastModifiedDateTime };
  const open = `${base}:open`;

  if (!record.progress) {
    const to =
      sub.kind === 'channel' && sub.channelId
        ? { kind: 'newThread' as const, ref: sub.reference, channelId: sub.channelId }
        : { kind: 'conversation' as const, ref: sub.reference };
    return { items: [{ ...common, key: open, kind: 'incident.card', to, payload }], next };
  }

  const items: NewOutboxItem[] = [];
  const events = diffIssue(record.progress, issue);
  const statusChanged = events.some((e) => e.kind === 'statusChanged');
  const resolved = events.some((e) => e.kind === 'resolved');
  const posts = events.flatMap((e) => (e.kind === 'newPost' ? [e.index] : []));
  const replies = posts.length ? posts : statusChanged || resolved ? [undefined] : [];
  replies.forEach((postIndex, n) => {
    const last = n === replies.length - 1;
    items.push({
      ...common,
      key: postIndex === undefined ? `${base}:status:${issue.lastModifiedDateTime}` : `${base}:post:${postIndex}`,
      kind: 'incident.reply',
      to: { kind: 'after', after: open, as: 'reply' },
      payload: { ...payload, postIndex, resolved: last && resolved, statusChanged: last && statusChanged },
    });
  });
  // An identity incident's end brings the post-incident report into the thread, once (its key has no version).
  if (resolved && opts.report)
    items.push({ ...common, key: `${base}:report`, kind: 'incident.report', to: { kind: 'after', after: open, as: 'reply' }, payload });
  if (record.cardVersion !== issue.lastModifiedDateTime)
    items.push({
      ...common,
      key: `${base}:card:${issue.lastModifiedDateTime}`,
      kind: 'incident.cardUpdate',
      to: { kind: 'after', after: open, as: 'update' },
      payload: { ...payload, version: issue.lastModifiedDateTime },
    });
  return { items, next };
}

/**
 * The card updated in place because a runbook task was done: the same update the poller sends for a new
 * version, keyed by the task and instant so each recorded step goes out once per conversation.
 */
export function runbookUpdateItems(issue: HealthIssue, sub: HealthSubscription, record: EnqueuedProgress, stamp: string): NewOutboxItem[] {
  const base = `inc:${issue.id}:${sub.key}:${record.series}`;
  return [
    {
      lane: incidentLane(sub.key),
      tenant: sub.tenantId ?? 'tenant',
      group: incidentGroup(issue.id),
      key: `${base}:runbook:${stamp}`,
      kind: 'incident.cardUpdate',
      to: { kind: 'after', after: `${base}:open`, as: 'update' },
      payload: { issueId: issue.id, subscriptionKey: sub.key },
    },
  ];
}
