import { renderTapCard } from './tap-card';
import { card, type Reply } from '../core/reply';
import type { TapCardRef, TapRequest } from '../domain/tap-request';
import { NotifyError } from '../ports/notifier';
import type { Services } from '../services';

const summaryOf = (req: TapRequest) => `TAP request for ${req.target.name}: ${req.status}`;

/** Approvers' Teams ids that the bot has learnt, for refresh.userIds (Teams wants 29:… ids, not Entra ids). */
export async function approverTeamsIds(req: TapRequest, services: Services): Promise<string[]> {
  const known = await services.store.people.teamsIds(req.approvers.map((a) => a.id));
  return req.approvers.map((a) => known.get(a.id.toLowerCase())).filter((id): id is string => Boolean(id));
}

/** The card one stored copy should show now. */
async function replyFor(req: TapRequest, where: TapCardRef, services: Services): Promise<Reply> {
  const mention = req.approvers.filter((a) => where.mentioned.includes(a.id));
  const view = where.role === 'approver' || where.actionable ? 'approver' : 'readOnly';
  return card(renderTapCard(req, { view, refreshUserIds: await approverTeamsIds(req, services), mention }), summaryOf(req));
}

/**
 * 1. The approval card to each approver's 1:1 chat (a new conversation by Entra object id).
 * 2. The tracking card in the requesting conversation, @mentioning whoever couldn't be reached, and carrying
 *    the buttons itself when some of them have no known Teams id for a refresh.
 * Every card's location is stored, so it can be updated in place later, also after a restart.
 */
export async function postTapCards(req: TapRequest, services: Services): Promise<{ reached: string[]; unreached: string[] }> {
  const { notifier, store, logger } = services;
  const refreshUserIds = await approverTeamsIds(req, services);
  const reached: string[] = [];
  const unreached: TapRequest['approvers'] = [];
  await Promise.all(
    req.approvers.map(async (a) => {
      try {
        const sent = await notifier.sendToUser(
          { aadObjectId: a.id, tenantId: req.tenantId, serviceUrl: req.origin.serviceUrl },
          card(renderTapCard(req, { view: 'approver', refreshUserIds }), summaryOf(req)),
        );
        await store.tapRequests.addCard({
          requestId: req.id,
          role: 'approver',
          approverId: a.id,
          actionable: true,
          mentioned: [],
          ref: sent.ref,
          activityId: sent.activityId,
        });
        reached.push(a.name);
      } catch (e) {
        logger.warn(
          { requestId: req.id, approver: a.id, ...notifyFacts(e) },
          'could not open a 1:1 chat with a TAP approver; mentioning them in the requesting conversation',
        );
        unreached.push(a);
      }
    }),
  );
  const known = await store.people.teamsIds(unreached.map((a) => a.id));
  const actionable = unreached.some((a) => !known.has(a.id.toLowerCase()));
  const tracking: TapCardRef = {
    requestId: req.id,
    role: 'tracking',
    actionable,
    mentioned: unreached.map((a) => a.id),
    ref: req.origin.ref,
    activityId: '',
  };
  try {
    const sent = await notifier.send(req.origin.ref, await replyFor(req, tracking, services));
    await store.tapRequests.addCard({ ...tracking, activityId: sent.activityId });
  } catch (e) {
    logger.warn({ requestId: req.id, ...notifyFacts(e) }, 'could not post the TAP tracking card');
  }
  return { reached, unreached: unreached.map((a) => a.name) };
}

/** Updates every stored copy of the request's card in place; failures are logged, never thrown. */
export async function syncTapCards(req: TapRequest, services: Services): Promise<void> {
  const cards = await services.store.tapRequests.cards(req.id);
  await Promise.all(
    cards.map(async (c) => {
      try {
        await services.notifier.update(c.ref, c.activityId, await replyFor(req, c, services));
      } catch (e) {
        services.logger.warn({ requestId: req.id, role: c.role, ...notifyFacts(e) }, 'could not update a TAP card');
      }
    }),
  );
}

/** Tells the requester, where they asked (nothing secret ever goes through here). */
export async function tellRequester(req: TapRequest, text: string, services: Services): Promise<void> {
  try {
    await services.notifier.send(req.origin.ref, { kind: 'text', text });
  } catch (e) {
    services.logger.warn({ requestId: req.id, ...notifyFacts(e) }, 'could not tell the requester about their TAP request');
  }
}

/** Only status and Teams' code go to the log: a connector error can carry the message it refused. */
export function notifyFacts(e: unknown): Record<string, unknown> {
  return e instanceof NotifyError ? { status: e.status, code: e.code } : { error: e instanceof Error ? e.name : typeof e };
}
