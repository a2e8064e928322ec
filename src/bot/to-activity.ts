import { CardFactory, MessageFactory } from 'botbuilder';
import type { Reply } from '../commands/reply';

/** Reply → Teams message activity. Cards carry a plain-text summary for notifications and screen readers. */
export function toActivity(reply: Reply) {
  if (reply.kind === 'text') return MessageFactory.text(reply.text);
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(reply.card));
  activity.summary = reply.summary;
  return activity;
}
