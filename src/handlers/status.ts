import { renderStatusCard, type UserStatus } from '../cards/status-card';
import { card, text, type Reply } from '../core/reply';
import type { CommandInput } from '../core/turn';
import { BotError, GraphFailure } from '../domain/errors';
import { assessLockout } from '../domain/lockout-risk';
import { hasStrongMethod, isTapUsable } from '../domain/method-names';
import type { RegistrationDetails } from '../domain/types';
import { messages } from '../messages';
import type { Services } from '../services';
import { findOne } from './find-user';
import { activeIdentityIncident } from './health';
import { isGraphDown, keepCard, lastKnownReply } from './last-known';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** How long a lookup waits for a reports-bucket slot for the live registration row before showing the scan's copy. */
export const REGISTRATION_WAIT_MS = 1_000;
/**
 * As long, while a scan runs: the row then queues behind the scan's pages and only gets a slot at once (the scan
 * between pages) or not at all, so waiting the full second would only delay the card.
 */
export const REGISTRATION_WAIT_DURING_SCAN_MS = 250;

/** `status <user>`: one round trip for an exact id or sign-in name; a search and one round trip otherwise. */
export async function runStatus(input: CommandInput, services: Services): Promise<Reply[]> {
  const term = input.args.trim();
  if (!term) return [text(messages.usage('status <user>'))];
  let found: Awaited<ReturnType<typeof lookUp>>;
  try {
    found = await lookUp(term, 'status', services);
  } catch (e) {
    // Graph failing: what the card said last time, with its age, beats a sentence.
    if (!isGraphDown(e)) throw e;
    const kept = await lastKnownReply(services, 'status', term);
    if (kept) return [kept];
    throw e;
  }
  if ('reply' in found) return [found.reply];
  const u = found.status.user;
  const reply = card(renderStatusCard(found.status, services.clock.now(), services.config.NEW_HIRE_DAYS), `MFA status of ${u.displayName}`);
  const keys = [u.id, u.userPrincipalName, u.userPrincipalName.split('@')[0], u.mail ?? '', u.displayName];
  await keepCard(services, 'status', keys, reply);
  return [reply];
}

/**
 * The person someone typed, with everything `status` shows: an object id or an address is read directly
 * (an address that is nobody's sign-in name may still be someone's mail, so it is searched next); any
 * other term is searched, several matches becoming buttons that send `<verb> <upn>`.
 */
export async function lookUp(
  term: string,
  verb: string,
  services: Services,
  rest = '',
): Promise<{ status: UserStatus } | { reply: Reply }> {
  if (term.length > 256) throw new BotError('BAD_INPUT', messages.tooLongForAUser());
  if (GUID.test(term) || term.includes('@')) {
    const status = await gatherStatus(term, services);
    if (status) return { status };
    if (GUID.test(term)) return { reply: text(messages.notFound(term)) };
  }
  const found = await findOne(term, verb, services, rest);
  if ('reply' in found) return found;
  const status = await gatherStatus(found.user.id, services);
  return status ? { status } : { reply: text(messages.notFound(term)) };
}

/**
 * Everything about one user: the one-round-trip read, the cached policies and the incident banner from
 * the poller's state, at once. When the reports bucket has no slot in time for the registration row, the
 * row the last scan kept is shown with its age. Undefined when no such user exists.
 */
export async function gatherStatus(idOrUpn: string, services: Services): Promise<UserStatus | undefined> {
  const notes: string[] = [];
  const scanning = services.scans.busy;
  const [read, policies, incident] = await Promise.all([
    // While an audit or lockout scan runs, the row yields to the scan's pages: the scan keeps each page it reads
    // as the snapshot, and a lookup taking the bucket's slots from it would stall the scan for everyone.
    services.userStatus.readStatus(idOrUpn, {
      registrationWaitMs: scanning ? REGISTRATION_WAIT_DURING_SCAN_MS : REGISTRATION_WAIT_MS,
      registrationYields: scanning,
    }),
    services.conditionalAccess.listPolicies().catch((e: unknown) => {
      if (!(e instanceof GraphFailure)) throw e;
      return e;
    }),
    // A banner is never worth a failed card.
    activeIdentityIncident(services).catch(() => undefined),
  ]);
  if (!read) return undefined;
  const now = services.clock.now();
  const { user, failures } = read;
  let registration = read.registration;
  let registrationAsOf: number | undefined;
  if (failures.manager) notes.push(failures.manager.userMessage);
  if (failures.registration) {
    const kept =
      failures.registration.code === 'GRAPH_THROTTLED'
        ? await services.store.snapshots.get<RegistrationDetails>('registration', user.id, now)
        : undefined;
    if (kept) [registration, registrationAsOf] = [kept.value, kept.at];
    else if (scanning && failures.registration.code === 'GRAPH_THROTTLED') notes.push(messages.registrationDuringScan(user.displayName));
    else notes.push(failures.registration.userMessage);
  }
  if (policies instanceof GraphFailure) notes.push(policies.userMessage);
  if (failures.membership) notes.push(failures.membership.userMessage);
  const { methods, tap } = read.methods;
  const mfaRegistered = registration?.isMfaRegistered ?? hasStrongMethod(methods);
  const tapUsable = isTapUsable(tap, now);
  const lockout =
    !(policies instanceof GraphFailure) && read.membership
      ? assessLockout({ user, membership: read.membership, mfaRegistered, hasUsableTap: tapUsable, policies })
      : undefined;
  return {
    user,
    manager: read.manager,
    methods,
    tap,
    tapUsable,
    registration,
    registrationAsOf,
    mfaRegistered,
    lockout,
    notes,
    incident,
    membership: read.membership,
    failures,
  };
}
