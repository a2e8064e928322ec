import type { Activity } from 'botbuilder';
import type { MembershipEvent } from '../handlers/conversation-membership';
import { conversationOf } from './turn-info';

/** installationUpdate / conversationUpdate → what happened to the bot here, or undefined if nothing did. */
export function membershipEventOf(activity: Activity): MembershipEvent | undefined {
  const conversation = conversationOf(activity);
  if (activity.type === 'installationUpdate') {
    const action = String(activity.action ?? '');
    if (action.startsWith('add')) return { kind: 'botAdded', conversation };
    if (action.startsWith('remove')) return { kind: 'botRemoved', conversation };
    return undefined;
  }
  if (activity.type !== 'conversationUpdate') return undefined;
  const botId = activity.recipient?.id;
  const isBot = (m: { id?: string }) => Boolean(botId) && m.id === botId;
  if (activity.membersRemoved?.some(isBot)) return { kind: 'botRemoved', conversation };
  if (activity.membersAdded?.some(isBot)) return { kind: 'botAdded', conversation };
  const eventType = (activity.channelData as { eventType?: string } | undefined)?.eventType;
  if (eventType === 'channelDeleted') return { kind: 'channelDeleted', conversation };
  return undefined;
}
