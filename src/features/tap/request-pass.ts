import { randomUUID } from 'node:crypto';
import type { CommandInput } from '../../core/turn';
import { firstWord } from '../../core/parse-command';
import { text, type Reply } from '../../core/reply';
import { chooseLifetime, pickApprovers, refuse, route, tryLater } from './approval';
import { BotError } from '../../domain/errors';
import { tapExpiry } from '../../domain/method-names';
import type { TapPerson, TapRequest } from '../../domain/tap-request';
import type { DirectoryUser } from '../../domain/directory-types';
import { tapMessages } from './tap-messages';
import { messages } from '../../kit/messages';
import type { Services } from '../../services';
import { isGraphDown } from '../../kit/last-known';
import { lookUp } from '../status/look-up';
import { postTapCards, tellRequester } from './sync-tap-cards';
import { auditOf, commitTransition } from './commit-transition';
import { expireRequest } from './issue-pass';

/** refresh.userIds takes at most 60 ids; far fewer approvers than that is sane for a 1:1 card fan-out. */
const MAX_APPROVERS = 25;
const HOUR = 3_600_000;

/** What the requester asked for, before any check: all a held request knows until Graph answers. */
interface Asked {
  term: string;
  reason: string;
  requester: TapPerson & { teamsId: string };
  tenantId: string;
  origin: TapRequest['origin'];
}

type Checked = { request: TapRequest } | { refusal: Reply };

/**
 * `tap <user> <reason>`: the pre-checks in order, each answered in plain words, then the approvers, the
 * stored request, the approval cards and a tracking card. The pass itself comes later, on approval. When
 * Microsoft Graph can't answer the checks, the request is held and checked and routed once it does.
 */
export async function runTap(input: CommandInput, services: Services): Promise<Reply[]> {
  const [term, reason] = firstWord(input.args.trim());
  if (!term || !reason) return [text(tapMessages.usage())];
  if (reason.length > 500) throw new BotError('BAD_INPUT', tapMessages.reasonTooLong());
  const requester = input.requester;
  if (!requester.aadObjectId) return [text(tapMessages.noIdentity())];
  const asked: Asked = {
    term,
    reason,
    requester: { id: requester.aadObjectId, name: requester.name || 'A helpdesk member', teamsId: requester.teamsId },
    tenantId: input.conversation.tenantId ?? '',
    origin: { ref: input.conversation.reference, kind: input.conversation.kind, serviceUrl: input.conversation.serviceUrl },
  };
  let checked: Checked;
  try {
    checked = await check(asked, services);
  } catch (e) {
    if (!isGraphDown(e)) throw e;
    return [await hold(asked, services)];
  }
  if ('refusal' in checked) return [checked.refusal];
  const req = checked.request;
  if ((await services.store.tapRequests.create(req)) === 'target-busy') {
    const other = await services.store.tapRequests.openFor(req.target.id);
    return [text(other ? tapMessages.alreadyPending(other) : messages.unexpected('tap-busy'))];
  }
  await services.store.tapRequests.audit(auditOf(req, 'requested', req.createdAt, req.requester));
  services.logger.info(
    { requestId: req.id, target: req.target.id, requester: req.requester.id, approvers: req.approvers.length },
    'TAP requested',
  );
  const { reached, unreached } = await postTapCards(req, services);
  return [text(tapMessages.requested(req, reached, unreached))];
}

/**
 * A held request, tried again (the sweeper calls this when its next try is due): the same checks; routed to
 * its approvers when they pass, refused in their words when they don't, tried later while Graph still fails.
 */
export async function routeHeld(held: TapRequest, services: Services): Promise<TapRequest> {
  const asked: Asked = {
    term: held.heldTerm ?? held.target.name,
    reason: held.reason,
    requester: held.requester,
    tenantId: held.tenantId,
    origin: held.origin,
  };
  let checked: Checked;
  try {
    checked = await check(asked, services, held);
  } catch (e) {
    if (!isGraphDown(e)) throw e;
    const later = tryLater(held, services.clock.now());
    return (await services.store.tapRequests.transition('held', later)) ? later : ((await services.store.tapRequests.get(held.id)) ?? held);
  }
  if ('refusal' in checked) {
    const why = checked.refusal.kind === 'text' ? checked.refusal.text : messages.notFound(asked.term);
    const done = await commitTransition(services, 'held', refuse(held, why), 'refused', undefined, why);
    if (done.won) await tellRequester(done.req, 'refused', services);
    return done.req;
  }
  const done = await commitTransition(services, 'held', route(held, checked.request), 'routed');
  if (!done.won) return done.req;
  services.logger.info({ requestId: held.id, target: done.req.target.id }, 'held TAP request checked and routed');
  await postTapCards(done.req, services);
  await tellRequester(done.req, 'pending', services);
  return done.req;
}

/** Graph can't answer the checks: keep the request and say when it will be looked at. */
async function hold(asked: Asked, services: Services): Promise<Reply> {
  const { clock, config, store } = services;
  const now = clock.now();
  if ((await store.tapRequests.countByRequesterSince(asked.requester.id, now - HOUR)) >= config.TAP_REQUESTS_PER_HOUR) {
    return text(tapMessages.rateLimited(config.TAP_REQUESTS_PER_HOUR));
  }
  const held = tryLater(
    {
      id: randomUUID(),
      tenantId: asked.tenantId,
      target: { id: '', name: asked.term, upn: asked.term, mfa: 'Unknown' },
      requester: asked.requester,
      origin: asked.origin,
      reason: asked.reason,
      lifetimeMinutes: 0,
      isUsableOnce: false,
      policy: { min: 0, max: 0, default: 0 },
      approvers: [],
      status: 'held',
      heldTerm: asked.term,
      createdAt: now,
      expiresAt: now + config.TAP_HOLD_HOURS * HOUR,
    },
    now,
  );
  if ((await store.tapRequests.create(held)) === 'target-busy') {
    const other = await store.tapRequests.openFor(`term:${asked.term.toLowerCase()}`);
    return text(other ? tapMessages.alreadyPending(other) : messages.unexpected('tap-busy'));
  }
  await store.tapRequests.audit(auditOf(held, 'held', now, held.requester));
  services.logger.info({ requestId: held.id, requester: held.requester.id }, 'TAP request held until Microsoft Graph answers');
  return text(tapMessages.held(asked.term, config.TAP_HOLD_HOURS));
}

/**
 * The checks, in order, each refusal a plain sentence (or buttons when the name matches several people).
 * A Graph failure throws: the caller holds the request. `held` is the request being routed, if any.
 */
async function check(asked: Asked, services: Services, held?: TapRequest): Promise<Checked> {
  const { store, clock, config, authMethods } = services;
  const refusal = (sentence: string): Checked => ({ refusal: text(sentence) });

  // The user and everything the checks need in one round trip, the TAP policy and the approver group beside it.
  const [found, policy, group] = await Promise.all([
    lookUp(asked.term, 'tap', services, asked.reason),
    authMethods.getTapPolicy(),
    config.APPROVER_GROUP_ID ? services.directory.listGroupUsers(config.APPROVER_GROUP_ID) : Promise.resolve([] as DirectoryUser[]),
  ]);

  // 1. The user exists (resolved exactly as `status` does) and is enabled.
  if ('reply' in found) return { refusal: found.reply };
  const status = found.status;
  const target = status.user;
  const name = target.displayName || target.userPrincipalName;
  if (target.accountEnabled === false) return refusal(tapMessages.disabled(name));

  // 2. TAP is enabled; the lifetime comes from the policy, narrowed by TAP_LIFETIME_MINUTES / TAP_ONE_TIME.
  if (policy.state.toLowerCase() !== 'enabled') return refusal(tapMessages.policyOff());
  const lifetime = chooseLifetime(policy, { lifetimeMinutes: config.TAP_LIFETIME_MINUTES, oneTime: config.TAP_ONE_TIME });
  if (lifetime.clamped)
    services.logger.warn(
      { configured: config.TAP_LIFETIME_MINUTES, range: lifetime.range },
      'TAP_LIFETIME_MINUTES is outside the tenant policy; using the nearest allowed value',
    );

  // 3. Not an admin (registration report or a directory role), unless TAP_ALLOW_PRIVILEGED.
  if (!config.TAP_ALLOW_PRIVILEGED) {
    if (!status.membership) {
      // Roles unreadable because Graph is failing: hold rather than guess or refuse.
      if (isGraphDown(status.failures?.membership)) throw status.failures.membership;
      return refusal(tapMessages.privilegeUnknown(name));
    }
    if (status.registration?.isAdmin || status.membership.roleTemplateIds.size > 0) {
      services.logger.info({ target: target.id, requester: asked.requester.id }, 'refused a TAP request for a privileged user');
      return refusal(tapMessages.privileged(name));
    }
  }

  // 4. Not for yourself.
  if (target.id.toLowerCase() === asked.requester.id.toLowerCase()) return refusal(tapMessages.self());

  // 5. One open request per user: held, pending, being issued, waiting for Graph, or failed and retryable
  // (a lapsed one is expired first).
  const open = await store.tapRequests.openFor(target.id);
  if (open && open.id !== held?.id) {
    if (open.status === 'approved' || open.status === 'waiting' || open.expiresAt > clock.now())
      return refusal(tapMessages.alreadyPending(open));
    await expireRequest(open, services);
  }

  // 6. At most TAP_REQUESTS_PER_HOUR per requester (a held request was counted when it was taken).
  if (!held && (await store.tapRequests.countByRequesterSince(asked.requester.id, clock.now() - HOUR)) >= config.TAP_REQUESTS_PER_HOUR) {
    return refusal(tapMessages.rateLimited(config.TAP_REQUESTS_PER_HOUR));
  }

  // 7. A usable TAP already held is a warning, not a refusal; MFA state for the card.
  const existingTapUntil = status.tap && status.tapUsable ? new Date(tapExpiry(status.tap) ?? clock.now()).toISOString() : undefined;
  const mfa = status.mfaRegistered ? 'Registered' : 'Not registered';

  // Approvers: the manager and the approver group, never the requester or the target.
  // A manager who could not be read is not "no manager": refuse with Graph's sentence rather than guess.
  if (status.failures?.manager) throw status.failures.manager;
  const approvers = pickApprovers(status.manager, group, asked.requester.id, target.id, MAX_APPROVERS);
  if (approvers.length === 0) return refusal(tapMessages.noApprovers(name));

  const now = clock.now();
  return {
    request: {
      id: randomUUID(),
      tenantId: asked.tenantId,
      target: { id: target.id, name, upn: target.userPrincipalName, mfa },
      requester: asked.requester,
      origin: asked.origin,
      reason: asked.reason,
      lifetimeMinutes: lifetime.lifetimeMinutes,
      isUsableOnce: lifetime.isUsableOnce,
      policy: lifetime.range,
      approvers,
      existingTapUntil,
      status: 'pending',
      createdAt: now,
      expiresAt: now + config.TAP_REQUEST_TTL_MINUTES * 60_000,
    },
  };
}
