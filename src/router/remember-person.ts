import type { Services } from '../services';
import type { ConversationInfo, Requester } from '../core/turn';
import type { PeopleStore } from '../ports/people-store';

/** A sighting written this recently, with the same Teams id and chat, is not written again. */
const UNCHANGED_FOR_MS = 10 * 60_000;
/** Per store, so two bots in one process (tests) never share what they wrote. */
const written = new WeakMap<PeopleStore, Map<string, { what: string; at: number }>>();

/**
 * Every activity teaches the bot who someone is in Teams: their 29:… id (cards' refresh.userIds need it)
 * and, from a 1:1 chat, the chat itself, so later private messages reuse it instead of creating one.
 * Nothing is written when this instance recorded the same person and chat minutes ago (whichever message of
 * the chat the reference points at): most turns change nothing, and on Table Storage a write is a round trip.
 * Best effort: a failure here must never cost the user their answer.
 */
export async function rememberPerson(requester: Requester, conversation: ConversationInfo, services: Services): Promise<void> {
  if (!requester.aadObjectId || !requester.teamsId) return;
  const people = services.store.people;
  const now = services.clock.now();
  const personalChat = conversation.kind === 'personal' ? conversation.reference : undefined;
  // The reference names the message it came from (activityId), new on every turn: the chat is the rest of it.
  const { activityId: _message, ...chat } = personalChat ?? {};
  const what = JSON.stringify([requester.teamsId, personalChat ? chat : null]);
  const seen = written.get(people) ?? new Map<string, { what: string; at: number }>();
  written.set(people, seen);
  const last = seen.get(requester.aadObjectId.toLowerCase());
  if (last && last.what === what && now - last.at < UNCHANGED_FOR_MS) return;
  try {
    await people.remember({ aadObjectId: requester.aadObjectId, teamsId: requester.teamsId, personalChat, at: now });
    seen.set(requester.aadObjectId.toLowerCase(), { what, at: now });
  } catch (err) {
    services.logger.warn({ err }, 'could not record who sent this activity');
  }
}
