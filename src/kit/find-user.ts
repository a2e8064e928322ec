import { renderUserChoiceCard } from './user-choice-card';
import { card, text, type Reply } from '../core/reply';
import { BotError } from '../domain/errors';
import { resolveUser } from '../domain/resolve-user';
import type { DirectoryUser } from '../domain/directory-types';
import { messages } from './messages';
import type { Services } from '../services';

/**
 * Shared by every command that names a user: none → a sentence, several → buttons that send
 * `<verb> <upn> <rest>` back as if typed (so `tap` keeps its reason), one → the user.
 */
export async function findOne(
  term: string,
  verb: string,
  services: Services,
  rest = '',
): Promise<{ user: DirectoryUser } | { reply: Reply }> {
  if (term.length > 256) throw new BotError('BAD_INPUT', messages.tooLongForAUser());
  const r = resolveUser(term, await services.directory.findUsers(term, 11), 10);
  if (r.kind === 'none') return { reply: text(messages.notFound(term)) };
  if (r.kind === 'many') {
    const prompt = messages.pickOne(term, r.users.length, r.more);
    return { reply: card(renderUserChoiceCard(prompt, verb, r.users, rest), `Several users match ${term}`) };
  }
  return { user: r.user };
}
