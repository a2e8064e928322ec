import type { ConversationRef } from './notifier';

/**
 * What the bot has learnt about the people who talk to it. Teams identifies users by ids the directory
 * doesn't know (29:…), and a 1:1 chat can only be reused if its reference was kept.
 */
export interface PeopleStore {
  /**
   * Records the Teams id, and the 1:1 chat when the activity came from one; what is not given is kept as
   * known. Entra object ids are compared case-insensitively everywhere here.
   */
  remember(person: { aadObjectId: string; teamsId?: string; personalChat?: ConversationRef; at: number }): Promise<void>;
  /** Teams ids by Entra object id (lower-cased keys), for refresh.userIds. */
  teamsIds(aadObjectIds: string[]): Promise<Map<string, string>>;
  personalChat(aadObjectId: string): Promise<ConversationRef | undefined>;
  /** Which of these people the bot has a 1:1 chat with (lower-cased ids), for counting a cohort at once. */
  knownPersonalChats(aadObjectIds: string[]): Promise<Set<string>>;
  /** Teams said the chat is gone (bot uninstalled, chat deleted). */
  forgetPersonalChat(aadObjectId: string): Promise<void>;
}
