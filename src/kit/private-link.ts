import type { AdaptiveCard } from '../core/reply';
import { text } from '../core/reply';
import type { CommandInput } from '../core/turn';
import type { Services } from '../services';
import { section, textBlock, formatUtc, type Element } from './card-parts';
import { messages } from './messages';

/**
 * A private download link to an export (the audit CSV, the impact CSV, a report's Markdown): shown on the card
 * when only the requester sees it, sent to their 1:1 chat otherwise, or why neither was possible.
 */
export type PrivateLink = { url: string; expiresAt: number } | { sentPrivately: true; expiresAt: number } | { unavailable: string };

/**
 * The link is minted for the requester (already checked against the helpdesk group). In a personal
 * chat only they see the card; anywhere else the link goes to their 1:1 chat, never to the channel.
 */
export async function deliverCsv(
  input: CommandInput,
  services: Services,
  path: string,
  at: number,
  what: { file: string; words: string; ext?: string } = { file: 'mfa-audit', words: 'MFA audit CSV' },
): Promise<PrivateLink> {
  const owner = input.requester.aadObjectId;
  if (!owner) return { unavailable: messages.csvNoIdentity() };
  const filename = `${what.file}-${new Date(at).toISOString().slice(0, 16).replace(/[-:T]/g, '')}.${what.ext ?? 'csv'}`;
  const link = await services.downloads.mint(path, filename, owner);
  if (input.conversation.kind === 'personal') return link;
  try {
    await services.notifier.sendToUser(
      { aadObjectId: owner, tenantId: input.conversation.tenantId ?? '', serviceUrl: input.conversation.serviceUrl },
      text(messages.csvLinkPrivate(link.url, link.expiresAt, what.words)),
    );
    return { sentPrivately: true, expiresAt: link.expiresAt };
  } catch (err) {
    services.logger.warn({ err }, 'could not send the CSV link privately');
    return { unavailable: messages.csvNotDelivered() };
  }
}

/** The CSV part of the audit card, added to a card rendered without it (a last-known card gets a fresh link). */
export function withCsv(card: AdaptiveCard, csv: PrivateLink | undefined, title = 'Every user as CSV'): AdaptiveCard {
  if (!csv) return card;
  const body = [...((card.body as Element[] | undefined) ?? [])];
  const actions: Record<string, unknown>[] = [];
  if ('url' in csv) {
    body.push(section(title, [textBlock(`The link is yours alone and works until ${formatUtc(csv.expiresAt)}.`)]));
    actions.push({ type: 'Action.OpenUrl', title: 'Download CSV', url: csv.url });
  } else if ('sentPrivately' in csv) {
    body.push(
      section(title, [textBlock(`I sent the download link to you in a private chat; it works until ${formatUtc(csv.expiresAt)}.`)]),
    );
  } else {
    body.push(section(title, [textBlock(csv.unavailable)]));
  }
  return { ...card, body, ...(actions.length ? { actions } : {}) };
}
