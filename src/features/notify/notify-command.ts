import { randomBytes } from 'node:crypto';
import { card, text, type Reply } from '../../core/reply';
import type { CommandInput } from '../../core/turn';
import { CONFIRM_MINUTES, type Audience, type Campaign, type CohortName } from '../../domain/campaign';
import { notifyMessages } from './notify-messages';
import { scanMessages } from '../scans/scan-messages';
import type { Services } from '../../services';
import { withProgress } from '../../kit/with-progress';
import { progressOf, renderPreviewCard, renderStatusCard } from './campaign-card';
import { audienceOf } from './notify-cohort';
import { checkMessage } from './compose';
import { campaignCardItem, noticeGroup } from './deliver';
import { parseNotify } from './parse-notify';
import { noticeFor } from './views';

/** What a preview shows in place of the message when none is given. */
const YOUR_MESSAGE = '(your message)';

/**
 * `notify preview …` shows who would get what and sends nothing; `notify …` answers with the confirmation
 * card (Send / Cancel) and sends nothing either: the notices go once the card is confirmed (card-actions.ts).
 * Both count the cohort from the shared tenant scan, joining one that is running.
 */
export async function runNotify(input: CommandInput, services: Services): Promise<Reply[]> {
  const req = parseNotify(input.args);
  if (req.kind === 'refused') return [text(req.sentence)];
  if (req.kind === 'status') return [await statusReply(services)];
  const { config } = services;
  let message: string | undefined;
  if (req.message !== undefined || req.kind === 'send') {
    const checked = checkMessage(req.message ?? '');
    if (!checked.ok) return [text(checked.problem)];
    message = checked.message;
  }
  if (req.kind === 'send') {
    if (!config.HELPDESK_CONTACT) return [text(notifyMessages.noContact())];
    if (!input.requester.aadObjectId) return [text(notifyMessages.noIdentity())];
  }
  return withProgress(input, services, notifyMessages.counting(), async (progress) => {
    const scan = await services.scans.join({ csv: false, onProgress: (p) => progress(scanMessages.scanProgress('cohort count', p)) });
    const who = await audienceOf(scan, req.cohort, req.audience, services);
    const draft = {
      audience: req.audience,
      cohort: req.cohort,
      recipientCount: who.recipients.length,
      knownChats: who.knownChats,
      sample: who.sample,
      sampleReports: who.recipients[0]?.reports,
      members: who.members,
      withoutManager: who.withoutManager,
      incident: scan.incident ? { id: scan.incident.id, title: scan.incident.title } : undefined,
    };
    if (req.kind === 'preview') {
      const sample = noticeFor(
        { ...placeholderCampaign(input, services), ...draft, message: message ?? YOUR_MESSAGE },
        { name: who.sample[0] ?? 'each recipient', reports: draft.sampleReports },
        services,
      );
      const shown = renderPreviewCard(draft, sample, {
        secondOver: config.NOTIFY_SECOND_APPROVAL_OVER,
        catalogMissing: !config.TEAMS_APP_CATALOG_ID,
        messageGiven: message !== undefined,
      });
      return card(shown, notifyMessages.previewSummary(who.recipients.length));
    }
    if (!who.recipients.length)
      return text(req.audience === 'managers' && who.members ? notifyMessages.noManagers(who.members) : notifyMessages.nobody(req.cohort));
    const needsSecond = who.recipients.length > config.NOTIFY_SECOND_APPROVAL_OVER;
    if (needsSecond && input.conversation.kind === 'personal')
      return text(notifyMessages.needsSharedConversation(who.recipients.length, config.NOTIFY_SECOND_APPROVAL_OVER));
    const campaign: Campaign = { ...placeholderCampaign(input, services), ...draft, message: message!, needsSecond };
    await services.store.campaigns.create(campaign, who.recipients);
    services.logger.info(
      {
        campaign: campaign.id,
        cohort: req.cohort,
        audience: req.audience,
        recipients: campaign.recipientCount,
        requester: campaign.requester.id,
      },
      'notify campaign awaiting confirmation',
    );
    const item = campaignCardItem(campaign);
    const posted = (await services.outbox.sendNow([item])).get(item.key);
    if (posted !== 'sent' && posted !== 'dry-run' && posted !== 'queued' && posted !== 'retrying')
      return text(notifyMessages.confirmCardMissing());
    return text(notifyMessages.confirmCard());
  });
}

/** Everything a campaign has before its cohort is known: who asked, where, and when it expires. */
function placeholderCampaign(input: CommandInput, services: Services): Campaign & { cohort: CohortName; audience: Audience } {
  const now = services.clock.now();
  const conversation = input.conversation;
  return {
    id: randomBytes(4).toString('hex'),
    version: 1,
    kind: 'notice',
    audience: 'people',
    cohort: 'at-risk',
    message: '',
    requester: {
      id: (input.requester.aadObjectId ?? '').toLowerCase(),
      name: input.requester.name ?? notifyMessages.someone(),
      teamsId: input.requester.teamsId,
    },
    origin: { ref: conversation.reference, kind: conversation.kind, conversationId: conversation.id },
    tenantId: conversation.tenantId ?? '',
    serviceUrl: conversation.serviceUrl,
    recipientCount: 0,
    knownChats: 0,
    sample: [],
    needsSecond: false,
    status: 'awaiting',
    createdAt: now,
    expiresAt: now + CONFIRM_MINUTES * 60_000,
  };
}

async function statusReply(services: Services): Promise<Reply> {
  const recent = await services.store.campaigns.recent(10);
  const rows = await Promise.all(
    recent.map(async (c) => ({
      c,
      progress: ['sending', 'sent', 'finished'].includes(c.status)
        ? progressOf(await services.outbox.counts(noticeGroup(c.id)))
        : undefined,
    })),
  );
  return card(renderStatusCard(rows), notifyMessages.statusSummary());
}
