import type { Reply } from '../core/reply';
import { NotifyError, type ConversationRef, type Notifier, type Sent } from '../ports/notifier';
import type { PeopleStore } from '../ports/people-store';

/**
 * Private messages go into the 1:1 chat the person already has with the bot when it is known, and only
 * otherwise into a newly created one (which is then remembered). A chat Teams says is gone is forgotten.
 */
export class PersonalChatNotifier implements Notifier {
  constructor(
    private readonly inner: Notifier,
    private readonly people: PeopleStore,
    private readonly now: () => number,
  ) {}

  send(ref: ConversationRef, reply: Reply): Promise<Sent> {
    return this.inner.send(ref, reply);
  }

  startThread(ref: ConversationRef, channelId: string, reply: Reply): Promise<Sent> {
    return this.inner.startThread(ref, channelId, reply);
  }

  update(ref: ConversationRef, activityId: string, reply: Reply): Promise<void> {
    return this.inner.update(ref, activityId, reply);
  }

  async sendToUser(user: { aadObjectId: string; tenantId: string; serviceUrl: string }, reply: Reply): Promise<Sent> {
    const known = await this.people.personalChat(user.aadObjectId);
    if (known) {
      try {
        return await this.inner.send(known, reply);
      } catch (e) {
        if (!(e instanceof NotifyError && e.goneForGood)) throw e;
        await this.people.forgetPersonalChat(user.aadObjectId);
      }
    }
    const sent = await this.inner.sendToUser(user, reply);
    await this.people.remember({ aadObjectId: user.aadObjectId, personalChat: sent.ref, at: this.now() });
    return sent;
  }
}
