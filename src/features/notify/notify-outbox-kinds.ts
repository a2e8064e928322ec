import { atPriority } from '../../core/graph-priority';
import type { OutboxKinds, TargetResult } from '../../delivery/outbox';
import type { Campaign } from '../../domain/campaign';
import { GraphFailure } from '../../domain/errors';
import type { ConversationRef } from '../../ports/notifier';
import type { OutboxItem } from '../../ports/outbox-store';
import type { Services } from '../../services';
import { campaignCard, noticeFor } from './views';

/** Graph failing for now (an outage, throttling past waiting): that recipient is tried again this much later… */
const RETRY_INSTALL_MS = 60_000;
/** …until the notice is this old; then they count as not reachable, so the campaign can finish. */
const GIVE_UP_AFTER_MS = 4 * 3_600_000;
/** Graph installed the bot but doesn't list the installation or its chat yet: asked again, not given up on. */
const NOT_YET = new Set(['InstallationNotFound', 'ChatNotFound']);
const CONFIRMED = ['sending', 'sent', 'finished'];

/** Conversation reference for a 1:1 chat Graph gave us: its id is the Bot Connector conversation id. */
export function personalChatRef(chatId: string, c: Pick<Campaign, 'serviceUrl' | 'tenantId'>, botId: string | undefined): ConversationRef {
  return {
    channelId: 'msteams',
    serviceUrl: c.serviceUrl,
    conversation: { id: chatId, conversationType: 'personal', tenantId: c.tenantId },
    bot: { id: botId ? `28:${botId}` : '', name: 'mfa-bot' },
  };
}

/**
 * The notify messages. A notice renders from the stored campaign and recipient when it goes; only a confirmed
 * campaign's notices go at all. Where it goes is decided then too: the 1:1 chat the bot knows, or one opened
 * by installing the bot for the person through Graph (and remembered). Someone who can't be installed for,
 * or who blocked the bot, is not reachable: the item ends `gone` and is never tried again.
 */
export function notifyKinds(services: Services): OutboxKinds {
  const { store, config, logger, clock } = services;
  const ids = (item: OutboxItem) => item.payload as { campaignId: string; recipientId: string };

  const target = async (item: OutboxItem): Promise<TargetResult> => {
    const { campaignId, recipientId } = ids(item);
    const known = await store.people.personalChat(recipientId);
    if (known) return { kind: 'conversation', ref: known };
    const catalogId = config.TEAMS_APP_CATALOG_ID;
    if (!catalogId) return { gone: { code: 'NoAppCatalogId' } };
    const c = await store.campaigns.get(campaignId);
    if (!c) return { gone: { code: 'CampaignGone' } };
    try {
      const chatId = await atPriority('background', () => services.teamsApps.openPersonalChat(recipientId, catalogId));
      const ref = personalChatRef(chatId, c, config.BOT_ID);
      await store.people.remember({ aadObjectId: recipientId, personalChat: ref, at: clock.now() });
      return { kind: 'conversation', ref };
    } catch (e) {
      if (!(e instanceof GraphFailure)) throw e;
      const error = { status: e.status, code: e.graphCode ?? e.code };
      const refused = e.status !== undefined && e.status >= 400 && e.status < 500 && e.status !== 429 && !NOT_YET.has(error.code);
      // Refused for this person (no permission, app not in the catalog, no such user or no Teams): not reachable.
      if (refused || clock.now() - item.createdAt > GIVE_UP_AFTER_MS) return { gone: error };
      logger.warn({ key: item.key, status: e.status, code: error.code }, 'could not open a 1:1 chat for a notice yet; trying again later');
      return { retry: error, afterMs: RETRY_INSTALL_MS };
    }
  };

  return {
    'notify.notice': {
      build: async (item) => {
        const { campaignId, recipientId } = ids(item);
        const [c, r] = await Promise.all([store.campaigns.get(campaignId), store.campaigns.recipient(campaignId, recipientId)]);
        return c && r && CONFIRMED.includes(c.status) ? noticeFor(c, r, services) : 'cancel';
      },
      target,
      // Blocked, uninstalled or deleted: that chat is no use any more, and this notice is not retried.
      onGone: async (item) => {
        await store.people.forgetPersonalChat(ids(item).recipientId);
        return 'gone';
      },
    },
    'notify.card': {
      build: async (item) => {
        const c = await store.campaigns.get(ids(item).campaignId);
        return c ? campaignCard(c, services) : 'cancel';
      },
    },
    'notify.cardUpdate': {
      build: async (item) => {
        const c = await store.campaigns.get(ids(item).campaignId);
        return c ? campaignCard(c, services) : 'cancel';
      },
    },
  };
}
