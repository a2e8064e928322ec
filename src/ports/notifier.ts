import type { Reply } from '../core/reply';

/** A serialised Bot Framework conversation reference, as stored (serviceUrl, conversation, bot, tenant…). */
export type ConversationRef = Record<string, unknown>;

export interface Sent {
  activityId: string;
  /** Where the message landed; for a new channel thread this is the thread, for a new 1:1 the chat. */
  ref: ConversationRef;
}

/** Why a proactive send failed; `permanent` means retrying can't help (bot removed, chat deleted, bad payload). */
export class NotifyError extends Error {
  constructor(
    readonly status: number | undefined,
    readonly code: string | undefined,
    readonly retryAfterMs: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'NotifyError';
  }

  get retryable(): boolean {
    return this.status === undefined || [412, 429, 502, 503, 504].includes(this.status);
  }

  /** Teams says the bot is no longer in the conversation, the conversation is gone, or its member blocks the bot. */
  get goneForGood(): boolean {
    return (
      (this.status === 403 && this.code === 'BotNotInConversationRoster') ||
      (this.status === 404 && this.code === 'ConversationNotFound') ||
      (this.status === 403 && this.code === 'ConversationBlockedByUser') ||
      (this.status === 403 && this.code === 'MessageWritesBlocked')
    );
  }
}

/** Proactive messaging: everything the bot says outside a turn. Each call is one Bot Connector request. */
export interface Notifier {
  /** A new message in the referenced conversation (a reply in the thread when the ref is a thread). */
  send(ref: ConversationRef, reply: Reply): Promise<Sent>;
  /** A new top-level post (thread) in a channel; `ref` is any reference within the channel. */
  startThread(ref: ConversationRef, channelId: string, reply: Reply): Promise<Sent>;
  /** Replaces an earlier message in place. */
  update(ref: ConversationRef, activityId: string, reply: Reply): Promise<void>;
  /** Opens (or reuses) the 1:1 chat between the bot and a user, by Entra object id, and posts into it. */
  sendToUser(user: { aadObjectId: string; tenantId: string; serviceUrl: string }, reply: Reply): Promise<Sent>;
}
