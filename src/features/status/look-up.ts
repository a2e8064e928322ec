import { text, type Reply } from '../../core/reply';
import { BotError, GraphFailure } from '../../domain/errors';
import { assessLockout, type LockoutAssessment } from '../../domain/lockout-risk';
import { hasStrongMethod, isTapUsable } from '../../domain/method-names';
import type { AuthMethod, DirectoryUser, Membership, RegistrationDetails, TemporaryAccessPass } from '../../domain/directory-types';
import { findOne } from '../../kit/find-user';
import { messages } from '../../kit/messages';
import type { Services } from '../../services';
import { statusMessages } from './status-messages';

/** Everything `status` shows about one person; `tap` and `lockout <user>` read the same. */
export interface UserStatus {
  user: DirectoryUser;
  manager?: DirectoryUser;
  methods: AuthMethod[];
  tap?: TemporaryAccessPass;
  tapUsable: boolean;
  registration?: RegistrationDetails;
  /** Set when the registration row is the last scan's copy (the live report had no slot in time). */
  registrationAsOf?: number;
  mfaRegistered: boolean;
  lockout?: LockoutAssessment;
  /** Parts that could not be read, as sentences. */
  notes: string[];
  /** Transitive groups and roles, when they could be read (the card shows the lockout verdict they feed). */
  membership?: Membership;
  /** What could not be read, for callers that must refuse rather than guess (a TAP request). */
  failures?: { manager?: GraphFailure; registration?: GraphFailure; membership?: GraphFailure };
  /** An active identity incident, shown as a banner. */
  incident?: { id: string; title: string };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** How long a lookup waits for a reports-bucket slot for the live registration row before showing the scan's copy. */
export const REGISTRATION_WAIT_MS = 1_000;
/**
 * As long, while a scan runs: the row then queues behind the scan's pages and only gets a slot at once (the scan
 * between pages) or not at all, so waiting the full second would only delay the card.
 */
export const REGISTRATION_WAIT_DURING_SCAN_MS = 250;

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
    services.incidents.activeIdentity(services.clock.now()).catch(() => undefined),
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
    else if (scanning && failures.registration.code === 'GRAPH_THROTTLED')
      notes.push(statusMessages.registrationDuringScan(user.displayName));
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
