/** Who is asking, as Teams tells us. `aadObjectId` is absent for anonymous or non-Entra callers. */
export interface Requester {
  teamsId: string;
  aadObjectId?: string;
  name?: string;
}

export type ConversationKind = 'personal' | 'groupChat' | 'channel';

export interface ConversationInfo {
  id: string;
  kind: ConversationKind;
  tenantId?: string;
  /**
   * Every tenant id the activity names (conversation.tenantId and channelData.tenant.id, as sent). With a home
   * tenant configured all of them must name it: an activity whose two ids disagree is refused.
   */
  tenantIds?: string[];
  serviceUrl: string;
  teamId?: string;
  channelId?: string;
  /** The serialised Bot Framework conversation reference, for proactive messages later. */
  reference: Record<string, unknown>;
}

export interface CommandInput {
  /** Everything after the verb, trimmed, case preserved. */
  args: string;
  requester: Requester;
  conversation: ConversationInfo;
}
