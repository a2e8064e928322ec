import { card, type Reply } from '../../core/reply';
import type { Campaign, Recipient } from '../../domain/campaign';
import type { Services } from '../../services';
import { progressOf, renderCampaignCard } from './campaign-card';
import { noticeGroup } from './deliver';
import { renderNotice } from './notice-card';
import { notifyMessages } from './notify-messages';

/** The notice (or digest) one recipient gets from this campaign. */
export function noticeFor(c: Campaign, r: Pick<Recipient, 'name' | 'reports'>, services: Services): Reply {
  return renderNotice({
    template: c.message,
    name: r.name,
    incident: c.incident,
    sender: c.requester.name,
    contact: services.config.HELPDESK_CONTACT ?? '',
    digest: c.kind === 'notice' && c.audience === 'managers' ? { cohort: c.cohort, reports: r.reports ?? [] } : undefined,
  });
}

/** The campaign's card as it stands: progress from the outbox once it is confirmed. */
export async function campaignCard(c: Campaign, services: Services): Promise<Reply> {
  const confirmed = c.status === 'sending' || c.status === 'sent' || c.status === 'finished';
  const progress = confirmed ? progressOf(await services.outbox.counts(noticeGroup(c.id))) : undefined;
  const sample = noticeFor(c, { name: c.sample[0] ?? 'each recipient', reports: c.sampleReports }, services);
  const status = progress ? `${c.status}, ${progress.sent} sent` : c.status;
  return card(
    renderCampaignCard(c, { progress, sampleNotice: sample, refreshUserIds: c.requester.teamsId ? [c.requester.teamsId] : [] }),
    notifyMessages.cardSummary(c.recipientCount, status),
  );
}
