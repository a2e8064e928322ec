import { text } from '../../core/reply';
import type { OutboxKinds } from '../../delivery/outbox';
import type { TapCardRef } from '../../domain/tap-request';
import { tapMessages } from './tap-messages';
import type { Services } from '../../services';
import { replyFor, type CardPlace, type RequesterNotice } from './sync-tap-cards';

/**
 * The TAP flow's outbox messages, each rendered from the stored request when it is sent, so a late one shows
 * the latest state. None carries the pass: its code is sent directly (see issue.ts) and never stored.
 */
export function tapKinds(services: Services): OutboxKinds {
  const requestOf = (payload: Record<string, unknown>) => services.store.tapRequests.get(String(payload.requestId));
  return {
    // Approval and tracking cards: only worth posting while someone can still decide. A 1:1 chat Teams says is
    // gone or blocked makes the approver not reachable (the outbox's default).
    'tap.card': {
      build: async (item) => {
        const req = await requestOf(item.payload);
        return req?.status === 'pending' ? replyFor(req, item.payload as CardPlace, services) : 'cancel';
      },
      onSent: async (item, sent) => {
        const p = item.payload as CardPlace;
        const stored: TapCardRef = {
          requestId: p.requestId,
          role: p.role,
          actionable: p.actionable,
          mentioned: p.mentioned,
          ref: sent.ref,
          activityId: sent.activityId,
        };
        if (p.approverId) stored.approverId = p.approverId;
        await services.store.tapRequests.addCard(stored);
      },
    },
    'tap.cardUpdate': {
      build: async (item) => {
        const req = await requestOf(item.payload);
        return req ? replyFor(req, item.payload as CardPlace, services) : 'cancel';
      },
    },
    // Stale news is dropped: a "failed" notice for a request retried since says nothing true any more.
    'tap.notice': {
      build: async (item) => {
        const req = await requestOf(item.payload);
        const notice = item.payload.notice as RequesterNotice;
        return req?.status === notice ? text(tapMessages[notice](req)) : 'cancel';
      },
    },
  };
}
