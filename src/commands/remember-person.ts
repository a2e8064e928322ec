import type { Services } from '../services';
import type { ConversationInfo, Requester } from '../core/turn';

/**
 * Every activity teaches the bot who someone is in Teams: their 29:… id (cards' refresh.userIds need it)
 * and, from a 1:1 chat, the chat itself, so later private messages reuse it instead of creating one.
 * Best effort: a failure here must never cost the user their answer.
 */
export async function rememberPerson(requester: Requester, conversation: ConversationInfo, services: Services): Promise<void> {
  if (!requester.aadObjectId || !requester.teamsId) return;
  try {
    await services.store.people.remember({
      aadObjectId: requester.aadObjectId,
      teamsId: requester.teamsId,
      personalChat: conversation.kind === 'personal' ? conversation.reference : undefined,
      at: services.clock.now(),
    });
  } catch (err) {
    services.logger.warn({ err }, 'could not record who sent this activity');
  }
}
