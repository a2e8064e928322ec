import type { Reply } from '../../../src/core/reply';
import { NotifyError, type ConversationRef, type Notifier, type Sent } from '../../../src/ports/notifier';

export type NotifierCall =
  | { via: 'send'; ref: ConversationRef; reply: Reply; activityId: string }
  | { via: 'startThread'; ref: ConversationRef; channelId: string; reply: Reply; activityId: string }
  | { via: 'update'; ref: ConversationRef; activityId: string; reply: Reply }
  | { via: 'sendToUser'; user: { aadObjectId: string; tenantId: string; serviceUrl: string }; reply: Reply; activityId: string };

/** A Notifier that records what the bot would have said outside a turn, and can refuse like Teams does. */
export class RecordingNotifier implements Notifier {
  readonly calls: NotifierCall[] = [];
  private readonly failing = new Map<NotifierCall['via'], NotifyError>();
  private sentCount = 0;

  /** From now on `via` throws this (by default: the bot isn't in the conversation any more). */
  fail(via: NotifierCall['via'], error = new NotifyError(403, 'BotNotInConversationRoster', undefined, 'bot not in roster')): void {
    this.failing.set(via, error);
  }

  /** What was sent to one person's 1:1 chat, by Entra object id. */
  toUser(aadObjectId: string): Reply[] {
    return this.calls.flatMap((c) =>
      c.via === 'sendToUser' && c.user.aadObjectId.toLowerCase() === aadObjectId.toLowerCase() ? [c.reply] : [],
    );
  }

  async send(ref: ConversationRef, reply: Reply): Promise<Sent> {
    const activityId = this.next('send');
    this.calls.push({ via: 'send', ref, reply, activityId });
    return { activityId, ref };
  }

  async startThread(ref: ConversationRef, channelId: string, reply: Reply): Promise<Sent> {
    const activityId = this.next('startThread');
    this.calls.push({ via: 'startThread', ref, channelId, reply, activityId });
    return { activityId, ref: { ...ref, conversation: { id: `${channelId};messageid=${activityId}` } } };
  }

  async update(ref: ConversationRef, activityId: string, reply: Reply): Promise<void> {
    this.throwIfFailing('update');
    this.calls.push({ via: 'update', ref, activityId, reply });
  }

  async sendToUser(user: { aadObjectId: string; tenantId: string; serviceUrl: string }, reply: Reply): Promise<Sent> {
    const activityId = this.next('sendToUser');
    this.calls.push({ via: 'sendToUser', user, reply, activityId });
    return { activityId, ref: { conversation: { id: `a:personal-${user.aadObjectId}` }, serviceUrl: user.serviceUrl } };
  }

  private next(via: NotifierCall['via']): string {
    this.throwIfFailing(via);
    return `activity-${++this.sentCount}`;
  }

  private throwIfFailing(via: NotifierCall['via']): void {
    const error = this.failing.get(via);
    if (error) throw error;
  }
}
