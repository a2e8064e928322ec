import { randomUUID } from 'node:crypto';
import type { CommandInput } from '../core/turn';
import { firstWord } from '../core/parse-command';
import { text, type Reply } from '../core/reply';
import { chooseLifetime, pickApprovers } from './approval';
import { BotError } from '../domain/errors';
import { tapExpiry } from '../domain/method-names';
import type { TapRequest } from '../domain/tap-request';
import type { DirectoryUser } from '../domain/types';
import { messages, tapMessages } from '../messages';
import type { Services } from '../services';
import { lookUp } from '../handlers/status';
import { postTapCards } from './cards';
import { auditOf } from './commit-transition';
import { expireRequest } from './issue';

/** refresh.userIds takes at most 60 ids; far fewer approvers than that is sane for a 1:1 card fan-out. */
const MAX_APPROVERS = 25;

/**
 * `tap <user> <reason>`: the pre-checks in order, each answered in plain words, then the approvers,
 * the stored request, the approval cards and a tracking card. The pass itself comes later, on approval.
 */
export async function runTap(input: CommandInput, services: Services): Promise<Reply[]> {
  const [term, reason] = firstWord(input.args.trim());
  if (!term || !reason) return [text(tapMessages.usage())];
  if (reason.length > 500) throw new BotError('BAD_INPUT', tapMessages.reasonTooLong());
  const requester = input.requester;
  if (!requester.aadObjectId) return [text(tapMessages.noIdentity())];
  const { store, clock, config, authMethods } = services;

  // The user and everything the checks need in one round trip, the TAP policy and the approver group beside it.
  const [found, policy, group] = await Promise.all([
    lookUp(term, 'tap', services, reason),
    authMethods.getTapPolicy(),
    config.APPROVER_GROUP_ID ? services.directory.listGroupUsers(config.APPROVER_GROUP_ID) : Promise.resolve([] as DirectoryUser[]),
  ]);

  // 1. The user exists (resolved exactly as `status` does) and is enabled.
  if ('reply' in found) return [found.reply];
  const status = found.status;
  const target = status.user;
  const name = target.displayName || target.userPrincipalName;
  if (target.accountEnabled === false) return [text(tapMessages.disabled(name))];

  // 2. TAP is enabled; the lifetime comes from the policy, narrowed by TAP_LIFETIME_MINUTES / TAP_ONE_TIME.
  if (policy.state.toLowerCase() !== 'enabled') return [text(tapMessages.policyOff())];
  const lifetime = chooseLifetime(policy, { lifetimeMinutes: config.TAP_LIFETIME_MINUTES, oneTime: config.TAP_ONE_TIME });
  if (lifetime.clamped)
    services.logger.warn(
      { configured: config.TAP_LIFETIME_MINUTES, range: lifetime.range },
      'TAP_LIFETIME_MINUTES is outside the tenant policy; using the nearest allowed value',
    );

  // 3. Not an admin (registration report or a directory role), unless TAP_ALLOW_PRIVILEGED.
  if (!config.TAP_ALLOW_PRIVILEGED) {
    if (!status.membership) return [text(tapMessages.privilegeUnknown(name))];
    if (status.registration?.isAdmin || status.membership.roleTemplateIds.size > 0) {
      services.logger.info({ target: target.id, requester: requester.aadObjectId }, 'refused a TAP request for a privileged user');
      return [text(tapMessages.privileged(name))];
    }
  }

  // 4. Not for yourself.
  if (target.id.toLowerCase() === requester.aadObjectId.toLowerCase()) return [text(tapMessages.self())];

  // 5. One open request per user: pending, being issued, or failed and retryable (a lapsed one is expired first).
  const open = await store.tapRequests.openFor(target.id);
  // An approved one is being issued right now (a stuck one is turned into "failed" by the sweeper).
  if (open && (open.status === 'approved' || open.expiresAt > clock.now())) return [text(tapMessages.alreadyPending(open))];
  if (open) await expireRequest(open, services);

  // 6. At most TAP_REQUESTS_PER_HOUR per requester.
  if ((await store.tapRequests.countByRequesterSince(requester.aadObjectId, clock.now() - 3600_000)) >= config.TAP_REQUESTS_PER_HOUR) {
    return [text(tapMessages.rateLimited(config.TAP_REQUESTS_PER_HOUR))];
  }

  // 7. A usable TAP already held is a warning, not a refusal; MFA state for the card.
  const existingTapUntil = status.tap && status.tapUsable ? new Date(tapExpiry(status.tap) ?? clock.now()).toISOString() : undefined;
  const mfa = status.mfaRegistered ? 'Registered' : 'Not registered';

  // Approvers: the manager and the approver group, never the requester or the target.
  // A manager who could not be read is not "no manager": refuse with Graph's sentence rather than guess.
  if (status.failures?.manager) throw status.failures.manager;
  const approvers = pickApprovers(status.manager, group, requester.aadObjectId, target.id, MAX_APPROVERS);
  if (approvers.length === 0) return [text(tapMessages.noApprovers(name))];

  const now = clock.now();
  const req: TapRequest = {
    id: randomUUID(),
    tenantId: input.conversation.tenantId ?? '',
    target: { id: target.id, name, upn: target.userPrincipalName, mfa },
    requester: { id: requester.aadObjectId, name: requester.name || 'A helpdesk member', teamsId: requester.teamsId },
    origin: { ref: input.conversation.reference, kind: input.conversation.kind, serviceUrl: input.conversation.serviceUrl },
    reason,
    lifetimeMinutes: lifetime.lifetimeMinutes,
    isUsableOnce: lifetime.isUsableOnce,
    policy: lifetime.range,
    approvers,
    existingTapUntil,
    status: 'pending',
    createdAt: now,
    expiresAt: now + config.TAP_REQUEST_TTL_MINUTES * 60_000,
  };
  if ((await store.tapRequests.create(req)) === 'target-busy') {
    const other = await store.tapRequests.openFor(target.id);
    return [text(other ? tapMessages.alreadyPending(other) : messages.unexpected('tap-busy'))];
  }
  await store.tapRequests.audit(auditOf(req, 'requested', now, req.requester));
  services.logger.info(
    { requestId: req.id, target: target.id, requester: requester.aadObjectId, approvers: approvers.length },
    'TAP requested',
  );
  const { reached, unreached } = await postTapCards(req, services);
  return [text(tapMessages.requested(req, reached, unreached))];
}
