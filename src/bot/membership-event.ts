import type { Activity } from 'botbuilder';
import type { MembershipEvent } from '../features/service-health/conversation-membership';
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
  // Lists as Teams sends them; the server refuses others, but a null member must never fail the turn here either.
  const isBot = (m: unknown) => Boolean(botId) && (m as { id?: unknown } | null)?.id === botId;
  const includesBot = (list: unknown) => Array.isArray(list) && list.some(isBot);
  if (includesBot(activity.membersRemoved)) return { kind: 'botRemoved', conversation };
  if (includesBot(activity.membersAdded)) return { kind: 'botAdded', conversation };
  const eventType = (activity.channelData as { eventType?: string } | undefined)?.eventType;
  if (eventType === 'channelDeleted') return { kind: 'channelDeleted', conversation };
  return undefined;
}
