import { renderStatusCard, type UserStatus } from '../cards/status-card';
import { renderUserChoiceCard } from '../cards/user-choice-card';
import type { CommandInput } from '../commands/context';
import { card, text, type Reply } from '../commands/reply';
import { BotError, GraphFailure } from '../domain/errors';
import { assessLockout } from '../domain/lockout-risk';
import { hasStrongMethod, isTapUsable } from '../domain/method-names';
import { resolveUser } from '../domain/resolve-user';
import type { DirectoryUser } from '../domain/types';
import { messages } from '../messages';
import { activeIdentityIncident } from './health';
import type { Services } from '../services';

/** `status <user>`: resolve the user, then read everything else about them at once. */
export async function runStatus(input: CommandInput, services: Services): Promise<Reply[]> {
  const term = input.args.trim();
  if (!term) return [text(messages.usage('status <user>'))];
  const found = await findOne(term, 'status', services);
  if ('reply' in found) return [found.reply];
  const status = await gatherStatus(found.user, services);
  return [card(renderStatusCard(status, services.clock.now(), services.config.NEW_HIRE_DAYS), `MFA status of ${found.user.displayName}`)];
}

/** Shared by every command that names a user: none → a sentence, several → buttons, one → the user. */
export async function findOne(term: string, verb: string, services: Services): Promise<{ user: DirectoryUser } | { reply: Reply }> {
  if (term.length > 256) throw new BotError('BAD_INPUT', 'That name is too long to be a user. Type their sign-in address.');
  const candidates = await services.directory.findUsers(term, 11);
  const r = resolveUser(term, candidates, 10);
  if (r.kind === 'none') return { reply: text(messages.notFound(term)) };
  if (r.kind === 'many') {
    return {
      reply: card(renderUserChoiceCard(messages.pickOne(term, r.users.length, r.more), verb, r.users), `Several users match ${term}`),
    };
  }
  return { user: r.user };
}

/** Round two: manager, methods, registration report, policies and memberships, concurrently. */
export async function gatherStatus(user: DirectoryUser, services: Services): Promise<UserStatus> {
  const who = user.displayName || user.userPrincipalName;
  const notes: string[] = [];
  const optional = async <T>(p: Promise<T>): Promise<T | undefined> => {
    try {
      return await p;
    } catch (e) {
      if (!(e instanceof GraphFailure)) throw e;
      notes.push(e.userMessage);
      return undefined;
    }
  };
  const [methods, manager, registration, policies, membership, incident] = await Promise.all([
    services.authMethods.list(user.id, who),
    optional(services.directory.getManager(user.id, who)),
    optional(services.authMethods.registration(user.id, who)),
    optional(services.conditionalAccess.policies()),
    optional(services.directory.getMembership(user.id, who)),
    // The poller's last-seen state: a local read, no extra Graph round trip; a banner is never worth a failed card.
    activeIdentityIncident(services).catch(() => undefined),
  ]);
  const now = services.clock.now();
  const mfaRegistered = registration?.isMfaRegistered ?? hasStrongMethod(methods.methods);
  const tapUsable = isTapUsable(methods.tap, now);
  const lockout =
    policies && membership ? assessLockout({ user, membership, mfaRegistered, hasUsableTap: tapUsable, policies }) : undefined;
  return { user, manager, methods: methods.methods, tap: methods.tap, tapUsable, registration, mfaRegistered, lockout, notes, incident };
}
