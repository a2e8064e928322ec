import { CardFactory, MessageFactory } from 'botbuilder';
import type { Reply } from '../core/reply';

/** Reply → Teams message activity. Cards carry a plain-text summary for notifications and screen readers. */
export function toActivity(reply: Reply) {
  if (reply.kind === 'text') return MessageFactory.text(teamsText(reply.text));
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(reply.card));
  activity.summary = reply.summary;
  return activity;
}

/**
 * Teams reads message text as HTML-flavoured markdown, so "status <user>" would lose "<user>".
 * Outside code spans, angle brackets and ampersands become entities. Code spans stay verbatim (Teams shows
 * their content literally, and a TAP code must reach the reader character for character), and so do
 * <at>…</at> mention tags, which Teams needs as they are.
 */
export function teamsText(text: string): string {
  return text
    .split(/(<at>[^<]*<\/at>|`[^`\n]*`)/g)
    .map((part) =>
      /^(<at>[^<]*<\/at>|`[^`\n]*`)$/.test(part) ? part : part.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
    )
    .join('');
}
