import { incidentSummary, renderIncidentCard, renderIncidentUpdateCard } from '../cards/incident-card';
import { card } from '../core/reply';
import type { HealthIssue } from '../domain/health-types';
import { diffIssue, progressOf } from '../domain/outage-diff';
import type { Logger } from '../logger';
import type { Delivery, HealthStore, HealthSubscription } from '../ports/health-store';
import type { Notifier } from '../ports/notifier';
import type { PacedSender } from '../delivery/paced-sender';

export interface DeliveryContext {
  notifier: Notifier;
  sender: PacedSender;
  store: HealthStore;
  logger: Logger;
  holder: string;
}

/** True when this conversation is behind on this issue: a card to post, a post to reply, a card to refresh. */
export function needsDelivery(issue: HealthIssue, d: Delivery | undefined): boolean {
  if (!d?.progress) return !issue.isResolved;
  if (!d.rootActivityId) return false;
  return diffIssue(d.progress, issue).length > 0 || d.cardVersion !== issue.lastModifiedDateTime;
}

/**
 * Brings one conversation up to date on one issue. Every send is preceded by a durable "pending" note and
 * followed by a durable record of what went out, so a restart resumes where it stopped. The one gap:
 * a crash after Teams accepted a message and before SQLite recorded it resends that one message
 * (logged as a possible duplicate); a graceful stop waits for in-flight sends, so it never hits the gap.
 */
export async function deliverIssue(issue: HealthIssue, sub: HealthSubscription, claimed: Delivery, ctx: DeliveryContext): Promise<void> {
  const d: Delivery = { ...claimed };
  const save = () => ctx.store.deliveries.save(d, ctx.holder);
  const where = { thread: sub.key, tenant: sub.tenantId ?? 'tenant' };
  if (d.pending)
    ctx.logger.warn(
      { issue: issue.id, subscription: sub.key, pending: d.pending },
      'an earlier send may have gone out before a crash; sending it again',
    );

  // 1. A new issue: the card, as a new thread in channels, a message in chats.
  if (!d.progress || !d.rootActivityId) {
    if (issue.isResolved) return;
    d.pending = 'open';
    await save();
    const reply = card(renderIncidentCard(issue), incidentSummary(issue));
    const sent = await ctx.sender.send(where, () =>
      sub.kind === 'channel' && sub.channelId
        ? ctx.notifier.startThread(sub.reference, sub.channelId, reply)
        : ctx.notifier.send(sub.reference, reply),
    );
    Object.assign(d, {
      rootActivityId: sent.activityId,
      threadRef: sent.ref,
      progress: progressOf(issue),
      cardVersion: issue.lastModifiedDateTime,
      pending: undefined,
      failures: 0,
    });
    await save();
    return;
  }

  // 2. Changes since: one thread reply per new post (status and resolution ride on the last one).
  const events = diffIssue(d.progress, issue);
  const statusChanged = events.some((e) => e.kind === 'statusChanged');
  const resolved = events.some((e) => e.kind === 'resolved');
  const posts = events.flatMap((e) => (e.kind === 'newPost' ? [e.index] : []));
  const thread = d.threadRef ?? sub.reference;
  const replies = posts.length ? posts : statusChanged || resolved ? [undefined] : [];
  for (let n = 0; n < replies.length; n++) {
    const postIndex = replies[n];
    const last = n === replies.length - 1;
    d.pending = postIndex === undefined ? `status:${issue.status}` : `post:${postIndex}`;
    await save();
    const update = renderIncidentUpdateCard(issue, { postIndex, resolved: last && resolved, statusChanged: last && statusChanged });
    await ctx.sender.send(where, () => ctx.notifier.send(thread, card(update, incidentSummary(issue))));
    d.progress = postIndex === undefined || last ? progressOf(issue) : { ...d.progress!, postCount: postIndex + 1 };
    d.pending = undefined;
    await save();
  }

  // 3. The original card shows the latest state (an update in place is idempotent, so no pending note).
  if (d.cardVersion !== issue.lastModifiedDateTime) {
    await ctx.sender.send(where, () =>
      ctx.notifier.update(thread, d.rootActivityId!, card(renderIncidentCard(issue), incidentSummary(issue))),
    );
    d.cardVersion = issue.lastModifiedDateTime;
    d.progress = progressOf(issue);
  }
  d.failures = 0;
  await save();
}
