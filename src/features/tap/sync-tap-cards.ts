import { renderTapCard } from './tap-card';
import { card, type Reply } from '../../core/reply';
import { sentOrDryRun, type Pacing } from '../../delivery/outbox';
import type { TapCardRef, TapRequest } from '../../domain/tap-request';
import { NotifyError } from '../../ports/notifier';
import type { NewOutboxItem } from '../../ports/outbox-store';
import type { Services } from '../../services';

const summaryOf = (req: TapRequest) => `TAP request for ${req.target.name}: ${req.status}`;

/** Approvers' Teams ids that the bot has learnt, for refresh.userIds (Teams wants 29:… ids, not Entra ids). */
export async function approverTeamsIds(req: TapRequest, services: Services): Promise<string[]> {
  const known = await services.store.people.teamsIds(req.approvers.map((a) => a.id));
  return req.approvers.map((a) => known.get(a.id.toLowerCase())).filter((id): id is string => Boolean(id));
}

/** The card one copy should show now. */
export async function replyFor(req: TapRequest, where: CardPlace, services: Services): Promise<Reply> {
  const mention = req.approvers.filter((a) => where.mentioned.includes(a.id));
  const view = where.role === 'approver' || where.actionable ? 'approver' : 'readOnly';
  return card(renderTapCard(req, { view, refreshUserIds: await approverTeamsIds(req, services), mention }), summaryOf(req));
}

/** What an outbox item of a TAP card carries: which copy it is (ids and flags only; the card is rendered at send time). */
export type CardPlace = Pick<TapCardRef, 'role' | 'approverId' | 'actionable' | 'mentioned'> & { requestId: string };

/** Each approver's 1:1 chat is its own lane; the requesting conversation another. */
const userLane = (aadObjectId: string) => `user:${aadObjectId.toLowerCase()}`;
export const originLane = (req: TapRequest) =>
  `conv:${String((req.origin.ref.conversation as { id?: string } | undefined)?.id ?? req.origin.serviceUrl)}`;
const tenantOf = (req: TapRequest) => req.tenantId || 'tenant';
const cardKey = (req: TapRequest, place: Pick<CardPlace, 'role' | 'approverId'>) =>
  place.role === 'approver' ? `tap:${req.id}:card:${place.approverId!.toLowerCase()}` : `tap:${req.id}:tracking`;
/** One per state the request reaches (a retry makes a new decision time), so each change updates the cards once. */
const versionOf = (req: TapRequest) => `${req.status}@${req.decidedAt ?? 0}#${req.attempts ?? 0}`;

/** The pacing of a direct send into the requester's 1:1 chat or the requesting conversation. */
export const requesterPacing = (req: TapRequest): Pacing => ({
  thread: req.origin.kind === 'personal' ? originLane(req) : userLane(req.requester.id),
  tenant: tenantOf(req),
});

/**
 * 1. The approval card to each approver's 1:1 chat (a new conversation by Entra object id).
 * 2. The tracking card in the requesting conversation, @mentioning whoever couldn't be reached, and carrying
 *    the buttons itself when some of them have no known Teams id for a refresh.
 * Both go through the outbox and are sent at once, because the requester's answer says who was reached. An
 * approver card that failed for now stays queued and goes out later while the request is still pending.
 * Every card's location is stored once sent, so it can be updated in place later, also after a restart.
 */
export async function postTapCards(req: TapRequest, services: Services): Promise<{ reached: string[]; unreached: string[] }> {
  const { outbox, store, logger } = services;
  const approverCards = req.approvers.map((a) =>
    cardItem(
      req,
      { requestId: req.id, role: 'approver', approverId: a.id, actionable: true, mentioned: [] },
      {
        kind: 'user',
        aadObjectId: a.id,
        tenantId: req.tenantId,
        serviceUrl: req.origin.serviceUrl,
      },
    ),
  );
  const outcomes = await outbox.sendNow(approverCards);
  const reached = req.approvers.filter((a, i) => sentOrDryRun(outcomes.get(approverCards[i].key)));
  const unreached = req.approvers.filter((a) => !reached.includes(a));
  for (const a of unreached)
    logger.warn(
      { requestId: req.id, approver: a.id, outcome: outcomes.get(cardKey(req, { role: 'approver', approverId: a.id })) },
      'could not open a 1:1 chat with a TAP approver; mentioning them in the requesting conversation',
    );
  const known = await store.people.teamsIds(unreached.map((a) => a.id));
  const tracking = cardItem(
    req,
    {
      requestId: req.id,
      role: 'tracking',
      actionable: unreached.some((a) => !known.has(a.id.toLowerCase())),
      mentioned: unreached.map((a) => a.id),
    },
    { kind: 'conversation', ref: req.origin.ref },
  );
  const posted = (await outbox.sendNow([tracking])).get(tracking.key);
  if (!sentOrDryRun(posted)) logger.warn({ requestId: req.id, outcome: posted }, 'could not post the TAP tracking card');
  return { reached: reached.map((a) => a.name), unreached: unreached.map((a) => a.name) };
}

function cardItem(req: TapRequest, place: CardPlace, to: NewOutboxItem['to']): NewOutboxItem {
  return {
    key: cardKey(req, place),
    kind: 'tap.card',
    lane: place.role === 'approver' ? userLane(place.approverId!) : originLane(req),
    tenant: tenantOf(req),
    to,
    payload: { ...place },
    group: `tap:${req.id}`,
  };
}

/**
 * Updates every copy of the request's card in place, each in its card's lane right after it: a card still
 * queued is updated as soon as it is out. Cards posted before the outbox existed are updated where they are
 * stored. Failures are logged by the outbox, never thrown.
 */
export async function syncTapCards(req: TapRequest, services: Services): Promise<void> {
  const { outbox, store } = services;
  const updates: NewOutboxItem[] = [];
  const fromOutbox = new Set<string>();
  const keys = [...req.approvers.map((a) => cardKey(req, { role: 'approver', approverId: a.id })), cardKey(req, { role: 'tracking' })];
  for (const key of keys) {
    const posted = await outbox.get(key);
    if (!posted || !['queued', 'sending', 'sent', 'dry-run'].includes(posted.state)) continue;
    if (posted.result) fromOutbox.add(posted.result.activityId);
    updates.push({
      key: `${key}:${versionOf(req)}`,
      kind: 'tap.cardUpdate',
      lane: posted.lane,
      tenant: posted.tenant,
      to: { kind: 'after', after: key, as: 'update' },
      payload: posted.payload,
      group: posted.group,
    });
  }
  for (const c of await store.tapRequests.cards(req.id)) {
    if (fromOutbox.has(c.activityId)) continue;
    updates.push({
      key: `tap:${req.id}:stored:${c.activityId}:${versionOf(req)}`,
      kind: 'tap.cardUpdate',
      lane: c.role === 'approver' && c.approverId ? userLane(c.approverId) : originLane(req),
      tenant: tenantOf(req),
      to: { kind: 'update', ref: c.ref, activityId: c.activityId },
      payload: { requestId: req.id, role: c.role, approverId: c.approverId, actionable: c.actionable, mentioned: c.mentioned },
      group: `tap:${req.id}`,
    });
  }
  if (updates.length) await outbox.sendNow(updates);
}

/** What the requester is told, where they asked. The text is worded when it is sent; nothing secret ever goes here. */
/** What the requester hears about, by the status that prompts it (a notice is dropped once the request moved on). */
export type RequesterNotice = 'pending' | 'refused' | 'waiting' | 'rejected' | 'failed' | 'expired';

export async function tellRequester(req: TapRequest, notice: RequesterNotice, services: Services): Promise<void> {
  await services.outbox.sendNow([
    {
      // Once per state (a request waiting through many tries is told once), not once per try.
      key: `tap:${req.id}:notice:${req.status}@${req.decidedAt ?? 0}`,
      kind: 'tap.notice',
      lane: originLane(req),
      tenant: tenantOf(req),
      to: { kind: 'conversation', ref: req.origin.ref },
      payload: { requestId: req.id, notice },
      group: `tap:${req.id}`,
    },
  ]);
}

/** Only status and Teams' code go to the log: a connector error can carry the message it refused. */
export function notifyFacts(e: unknown): Record<string, unknown> {
  return e instanceof NotifyError ? { status: e.status, code: e.code } : { error: e instanceof Error ? e.name : typeof e };
}
