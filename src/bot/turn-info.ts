import { TurnContext, type Activity } from 'botbuilder';
import type { ConversationInfo, ConversationKind, Requester } from '../core/turn';

/** Who asked and where, from a Teams activity, in the framework-free shape handlers use. */
export function requesterOf(activity: Activity): Requester {
  return { teamsId: activity.from?.id ?? '', aadObjectId: activity.from?.aadObjectId || undefined, name: activity.from?.name };
}

export function conversationOf(activity: Activity): ConversationInfo {
  const channelData = (activity.channelData ?? {}) as { team?: { id?: string }; channel?: { id?: string }; tenant?: { id?: string } };
  const type = activity.conversation?.conversationType;
  const kind: ConversationKind =
    type === 'channel' ? 'channel' : type === 'groupChat' || activity.conversation?.isGroup ? 'groupChat' : 'personal';
  return {
    id: activity.conversation?.id ?? '',
    kind,
    tenantId: activity.conversation?.tenantId ?? channelData.tenant?.id,
    tenantIds: [activity.conversation?.tenantId, channelData.tenant?.id].filter((t) => t !== undefined && t !== null).map(String),
    serviceUrl: activity.serviceUrl,
    teamId: channelData.team?.id,
    channelId: channelData.channel?.id,
    reference: JSON.parse(JSON.stringify(TurnContext.getConversationReference(activity))) as Record<string, unknown>,
  };
}
