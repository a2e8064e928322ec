import { renderStatusCard, type UserStatus } from '../cards/status-card';
import type { CommandInput } from '../core/turn';
import { card, text, type Reply } from '../core/reply';
import { GraphFailure } from '../domain/errors';
import { assessLockout } from '../domain/lockout-risk';
import { hasStrongMethod, isTapUsable } from '../domain/method-names';
import type { DirectoryUser } from '../domain/types';
import { messages } from '../messages';
import { activeIdentityIncident } from './health';
import { findOne } from './find-user';
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
    services.authMethods.listMethods(user.id, who),
    optional(services.directory.getManager(user.id, who)),
    optional(services.registrationReport.getRegistration(user.id, who)),
    optional(services.conditionalAccess.listPolicies()),
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
