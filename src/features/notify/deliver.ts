import { noticeGroup, type Campaign, type Recipient } from '../../domain/campaign';
import type { NewOutboxItem, OutboxItem } from '../../ports/outbox-store';
import type { Services } from '../../services';

const PAGE = 500;

export const noticeKey = (campaignId: string, recipientId: string) => `notice:${campaignId}:${recipientId}`;
export const cardKey = (campaignId: string) => `notify:${campaignId}:card`;
/** The notices of a campaign are its outbox group (counts by state are its progress); its cards are apart. */
export { noticeGroup };
const cardGroup = (campaignId: string) => `notify:${campaignId}:cards`;
const originLane = (c: Campaign) => `conv:${c.origin.conversationId}`;
const tenantOf = (c: Campaign) => c.tenantId || 'tenant';

/** One notice: its own lane (the recipient's 1:1 chat), stable key, where it goes decided at send time. */
function noticeItem(c: Campaign, r: Recipient): NewOutboxItem {
  return {
    key: noticeKey(c.id, r.id),
    kind: 'notify.notice',
    lane: `user:${r.id}`,
    tenant: tenantOf(c),
    to: { kind: 'user', aadObjectId: r.id, tenantId: c.tenantId, serviceUrl: c.serviceUrl },
    payload: { campaignId: c.id, recipientId: r.id },
    group: noticeGroup(c.id),
  };
}

/**
 * Every recipient's notice into the outbox, a page at a time, then `enqueued` noted. Insert-if-absent by key,
 * so running it twice (a retried click, the worker finishing a crashed run, another instance) adds nothing.
 */
export async function enqueueNotices(c: Campaign, services: Services): Promise<void> {
  const { store, outbox } = services;
  for (let after: string | undefined; ;) {
    const page = await store.campaigns.recipients(c.id, { after, limit: PAGE });
    if (!page.length) break;
    await outbox.enqueue(page.map((r) => noticeItem(c, r)));
    after = page[page.length - 1].id;
  }
  for (let current = await store.campaigns.get(c.id); current && !current.enqueued; current = await store.campaigns.get(c.id)) {
    if (await store.campaigns.update({ ...current, enqueued: true, version: current.version + 1 })) break;
  }
}

/** The confirmation card, posted where the campaign was asked (its location is kept by the outbox). */
export function campaignCardItem(c: Campaign): NewOutboxItem {
  return {
    key: cardKey(c.id),
    kind: 'notify.card',
    lane: originLane(c),
    tenant: tenantOf(c),
    to: { kind: 'conversation', ref: c.origin.ref },
    payload: { campaignId: c.id },
    group: cardGroup(c.id),
  };
}

/**
 * The card updated in place (after the post, in its lane), rendered from the campaign as it is when it goes.
 * `tag` makes the key: a version for a change of state, the counts for progress, so each is queued once.
 */
export async function syncCampaignCard(c: Campaign, services: Services, tag = `v${c.version}`): Promise<void> {
  await services.outbox.enqueue([
    {
      key: `${cardKey(c.id)}:${tag}`,
      kind: 'notify.cardUpdate',
      lane: originLane(c),
      tenant: tenantOf(c),
      to: { kind: 'after', after: cardKey(c.id), as: 'update' },
      payload: { campaignId: c.id },
      group: cardGroup(c.id),
    },
  ]);
}

/** The recipients whose notice went out (sent, or marked so in a dry run): the all-clear goes to exactly them. */
export async function reachedRecipients(c: Campaign, services: Services): Promise<Recipient[]> {
  const reached: Recipient[] = [];
  const { store, outbox } = services;
  for (let after: string | undefined; ;) {
    const page = await store.campaigns.recipients(c.id, { after, limit: PAGE });
    if (!page.length) break;
    const items = await Promise.all(page.map((r) => outbox.get(noticeKey(c.id, r.id))));
    page.forEach((r, i) => {
      if (wentOut(items[i])) reached.push({ id: r.id, name: r.name });
    });
    after = page[page.length - 1].id;
  }
  return reached;
}

const wentOut = (item: OutboxItem | undefined) => item?.state === 'sent' || item?.state === 'dry-run';
