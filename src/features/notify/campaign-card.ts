import { adaptiveCard, banner, command, facts, formatUtc, heading, md, textBlock, type Element } from '../../kit/card-parts';
import type { AdaptiveCard, Reply } from '../../core/reply';
import type { Campaign } from '../../domain/campaign';
import { notifyMessages } from './notify-messages';
import type { OutboxCounts } from '../../ports/outbox-store';
import { MAX_MESSAGE } from './compose';

/** Delivery so far, as the progress card counts it. */
export interface Progress {
  sent: number;
  notReachable: number;
  failed: number;
  waiting: number;
  dryRun: boolean;
}

export function progressOf(counts: OutboxCounts): Progress {
  return {
    sent: counts.sent + counts['dry-run'],
    notReachable: counts.gone,
    failed: counts.failed + counts.cancelled,
    waiting: counts.queued + counts.sending,
    dryRun: counts['dry-run'] > 0,
  };
}

export interface CampaignView {
  progress?: Progress;
  /** The notice as the first recipient will get it. */
  sampleNotice: Reply;
  /** Teams ids (29:…) whose copy refreshes itself: the requester's. */
  refreshUserIds: string[];
}

const n = (x: number) => x.toLocaleString('en-US');

/** "Notice to 212 people at risk of lockout", "Digest to 14 managers of new hires not registered for MFA". */
export function campaignTitle(c: Campaign): string {
  const who = notifyMessages.cohortPeople(c.cohort);
  if (c.kind === 'allClear') {
    const same =
      c.audience === 'managers'
        ? `${n(c.recipientCount)} manager${c.recipientCount === 1 ? '' : 's'}`
        : `${n(c.recipientCount)} ${c.recipientCount === 1 ? 'person' : 'people'}`;
    return `${c.incident ? md(c.incident.id) : 'The sign-in problem'} is resolved. Send the all-clear to the same ${same}?`;
  }
  return c.audience === 'managers'
    ? `Digest to ${n(c.recipientCount)} manager${c.recipientCount === 1 ? '' : 's'} of ${who}`
    : `Notice to ${n(c.recipientCount)} ${who}`;
}

export function describeProgress(p: Progress): string {
  const parts = [
    `${n(p.sent)} sent${p.dryRun ? ' (dry run: nothing reached Teams)' : ''}`,
    `${n(p.notReachable)} not reachable`,
    `${n(p.failed)} failed`,
    `${n(p.waiting)} waiting`,
  ];
  return parts.join(', ');
}

function statusBanner(c: Campaign, p: Progress | undefined): Element {
  const until = formatUtc(c.expiresAt);
  const requester = md(c.requester.name);
  switch (c.status) {
    case 'awaiting':
      if (c.needsSecond && !c.second && c.sendPressedAt !== undefined)
        return banner(
          `${requester} pressed Send; waiting for a second helpdesk member to confirm (until ${until}). Nothing is sent yet.`,
          'accent',
        );
      if (c.needsSecond && !c.second)
        return banner(
          `Nothing is sent yet. ${requester} presses Send, and above the limit for one person a second helpdesk member confirms too (until ${until}).`,
          'accent',
        );
      if (c.second)
        return banner(
          `Confirmed by ${md(c.second.name)}; waiting for ${requester} to press Send (until ${until}). Nothing is sent yet.`,
          'accent',
        );
      return banner(`Nothing is sent yet: waiting for ${requester} to press Send (until ${until}).`, 'accent');
    case 'sending':
      return banner(`Sending: ${p ? describeProgress(p) : 'queued'}.`, 'accent');
    case 'sent':
    case 'finished':
      return banner(
        `Sent: ${p ? describeProgress(p) : 'done'}.${c.status === 'sent' && c.incident ? ` I'll offer the all-clear when ${md(c.incident.id)} is resolved.` : ''}`,
        'good',
      );
    case 'cancelled':
      return banner(`Cancelled by ${md(c.closedBy?.name ?? c.requester.name)}; nothing was sent.`, 'warning');
    default:
      return banner(`Expired at ${until} without being confirmed; nothing was sent.`, 'warning');
  }
}

/**
 * The confirmation card, which becomes the progress card in place: who it goes to, a sample, the notice as it
 * will be sent, who confirmed, and Send / Cancel / the second confirmation while it waits. Pure.
 */
export function renderCampaignCard(c: Campaign, v: CampaignView): AdaptiveCard {
  const body: Element[] = [statusBanner(c, v.progress), ...heading(campaignTitle(c))];
  const install = c.recipientCount - c.knownChats;
  body.push(
    facts([
      ['Recipients', n(c.recipientCount)],
      ['Cohort members', c.audience === 'managers' && c.members !== undefined ? n(c.members) : undefined],
      ['Without a manager (no digest)', c.withoutManager ? n(c.withoutManager) : undefined],
      ['Already in a 1:1 chat with the bot', n(c.knownChats)],
      ['App to install for them first', n(install)],
      ['Incident', c.incident ? `${md(c.incident.id)}: ${md(c.incident.title)}` : 'none active'],
      ['Requested by', md(c.requester.name)],
      ['Second confirmation', c.needsSecond ? (c.second ? md(c.second.name) : 'needed') : undefined],
      ['Asked', formatUtc(c.createdAt)],
    ]),
  );
  if (c.sample.length)
    body.push(textBlock(`Sample: ${c.sample.map(md).join(', ')}${c.recipientCount > c.sample.length ? ', …' : ''}`, { wrap: true }));
  const noticeCard = v.sampleNotice.kind === 'card' ? v.sampleNotice.card : undefined;
  body.push(textBlock(`As ${md(c.sample[0] ?? 'each recipient')} will get it:`, { weight: 'Bolder', spacing: 'Medium' }), {
    type: 'Container',
    style: 'emphasis',
    items: noticeCard?.body ?? [],
  });
  const extra: Record<string, unknown> = {};
  if (c.status === 'awaiting') {
    if (c.kind === 'allClear')
      body.push({
        type: 'Input.Text',
        id: 'message',
        label: 'The all-clear (edit it, press Send, and check it again before it goes)',
        value: c.message,
        isMultiline: true,
        maxLength: MAX_MESSAGE,
      });
    const actions = [execute('Send', 'notify.send', c.id), execute('Cancel', 'notify.cancel', c.id)];
    if (c.needsSecond && !c.second) actions.push(execute('Confirm as second helpdesk member', 'notify.second', c.id));
    extra.actions = actions;
  }
  if (c.status === 'awaiting' || c.status === 'sending') {
    extra.refresh = {
      action: { type: 'Action.Execute', verb: 'notify.refresh', data: { campaignId: c.id } },
      userIds: v.refreshUserIds.slice(0, 60),
    };
  }
  return adaptiveCard(body, extra);
}

function execute(title: string, verb: string, campaignId: string): Element {
  return {
    type: 'Action.Execute',
    title,
    verb,
    data: { campaignId },
    fallback: { type: 'Action.Submit', title, data: { verb, campaignId } },
  };
}

/** `notify preview`: the campaign it would be, and the notice as it would be sent; nothing else happens. */
export function renderPreviewCard(
  p: Pick<Campaign, 'audience' | 'cohort' | 'recipientCount' | 'knownChats' | 'sample' | 'members' | 'withoutManager' | 'incident'>,
  sampleNotice: Reply,
  opts: { secondOver: number; catalogMissing: boolean; messageGiven: boolean },
): AdaptiveCard {
  const who = notifyMessages.cohortPeople(p.cohort);
  const title =
    p.audience === 'managers' ? `Preview: digests to ${n(p.recipientCount)} managers of ${who}` : `Preview: ${n(p.recipientCount)} ${who}`;
  const install = p.recipientCount - p.knownChats;
  const body: Element[] = [...heading(title, 'Nothing is sent: this only shows who would get it and how it would read.')];
  body.push(
    facts([
      ['Recipients', n(p.recipientCount)],
      ['Cohort members', p.audience === 'managers' && p.members !== undefined ? n(p.members) : undefined],
      ['Without a manager (no digest)', p.withoutManager ? n(p.withoutManager) : undefined],
      ['Already in a 1:1 chat with the bot', n(p.knownChats)],
      ['App to install for them first', n(install)],
      ['Incident', p.incident ? `${md(p.incident.id)}: ${md(p.incident.title)}` : 'none active'],
      ['Second confirmation', p.recipientCount > opts.secondOver ? `needed (more than ${n(opts.secondOver)} recipients)` : undefined],
    ]),
  );
  if (opts.catalogMissing && install > 0)
    body.push(banner(`TEAMS_APP_CATALOG_ID is not set, so the ${n(install)} without a chat can't be reached.`, 'warning'));
  if (p.sample.length) body.push(textBlock(`Sample: ${p.sample.map(md).join(', ')}${p.recipientCount > p.sample.length ? ', …' : ''}`));
  const noticeCard = sampleNotice.kind === 'card' ? sampleNotice.card : undefined;
  body.push(
    textBlock(
      opts.messageGiven ? `As ${md(p.sample[0] ?? 'each recipient')} would get it:` : 'How a notice reads (your message goes first):',
      {
        weight: 'Bolder',
        spacing: 'Medium',
      },
    ),
    { type: 'Container', style: 'emphasis', items: noticeCard?.body ?? [] },
  );
  return adaptiveCard(body);
}

/** `notify status`: the latest campaigns and how far each got. */
export function renderStatusCard(rows: Array<{ c: Campaign; progress?: Progress }>): AdaptiveCard {
  const body: Element[] = [...heading('Notify campaigns', 'The most recent first.')];
  if (!rows.length) body.push(textBlock(`No campaign yet. Try ${command('notify preview at-risk')}.`));
  for (const { c, progress } of rows) {
    const state =
      c.status === 'awaiting'
        ? `waiting for confirmation until ${formatUtc(c.expiresAt)}`
        : c.status === 'cancelled' || c.status === 'expired'
          ? `${c.status}, nothing sent`
          : `${c.status}${progress ? `: ${describeProgress(progress)}` : ''}`;
    body.push({
      type: 'Container',
      separator: true,
      items: [
        textBlock(`**${campaignTitle(c)}**`),
        textBlock(`${md(c.requester.name)}, ${formatUtc(c.createdAt)}; ${state}.`, { isSubtle: true, spacing: 'None' }),
      ],
    });
  }
  return adaptiveCard(body);
}
