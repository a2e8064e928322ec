import { expire, markFailed, markIssued, waitForGraph } from './approval';
import { GraphFailure } from '../../domain/errors';
import type { TapRequest } from '../../domain/tap-request';
import type { IssuedTap } from '../../ports/auth-methods';
import type { Services } from '../../services';
import { notifyFacts, requesterPacing, syncTapCards, tellRequester } from './sync-tap-cards';
import { commitTransition } from './commit-transition';
import { creationFailureReason, tapMessages } from './tap-messages';

const retryWindowMs = (services: Services) => services.config.TAP_REQUEST_TTL_MINUTES * 60_000;

/**
 * The CAS winner's job once a request is `approved`: 1. create the pass in Graph, 2. hand the code to the
 * requester's 1:1 chat (and nowhere else), 3. record issued or failed, 4. update every card, 5. tell the
 * requester on failure. The code lives only in this function's locals.
 */
export async function issueApproved(req: TapRequest, services: Services): Promise<TapRequest> {
  const { logger, clock, authMethods } = services;
  let next: TapRequest;
  let ambiguous = false;
  try {
    const tap = await authMethods.createTap(req.target.id, req.target.name, {
      lifetimeInMinutes: req.lifetimeMinutes,
      isUsableOnce: req.isUsableOnce,
    });
    if (await deliverPass(req, tap, services)) {
      next = markIssued({ ...req, lifetimeMinutes: tap.lifetimeMinutes, isUsableOnce: tap.isUsableOnce }, tap.validUntil, clock.now());
    } else {
      // Nobody can see this pass, so it must not stay valid.
      await authMethods
        .removeTap(req.target.id, tap.id, req.target.name)
        .catch((e) => logger.error({ requestId: req.id, status: (e as GraphFailure).status }, 'could not delete an undelivered TAP'));
      next = markFailed(req, tapMessages.passUndeliverable(req.requester.name), clock.now(), retryWindowMs(services));
    }
  } catch (e) {
    const status = e instanceof GraphFailure ? e.status : undefined;
    // The cause is the SDK's GraphError, an Error whose message is Graph's reason for a 400/409 (a policy rule, say).
    const graphMessage = e instanceof GraphFailure ? (e.cause as Error | undefined)?.message : undefined;
    if (!(e instanceof GraphFailure))
      logger.error({ requestId: req.id, error: e instanceof Error ? e.name : typeof e }, 'creating a TAP failed unexpectedly');
    const reason = creationFailureReason(status, graphMessage);
    // Sent, and no answer or a 5xx: the pass may exist. (Held back by the budget or an open circuit: never sent.)
    ambiguous =
      e instanceof GraphFailure &&
      e.graphCode !== 'BudgetTimeout' &&
      e.graphCode !== 'CircuitOpen' &&
      (status === undefined || status >= 500);
    // Graph failing, throttling or not answering is for waiting out: tried again with backoff until the hold
    // ends. Anything else (a permission, a policy, the user gone) needs a person, so it fails with Retry.
    next = transient(e)
      ? waitForGraph(req, reason, clock.now(), services.config.TAP_HOLD_HOURS * 3_600_000)
      : markFailed(req, reason, clock.now(), retryWindowMs(services));
  }
  const issued = next.status === 'issued';
  // No answer (or a 5xx) to the create: the pass may exist. The next try makes a new one, which replaces it.
  const detail = issued
    ? `valid until ${next.tapValidUntil}`
    : next.status === 'waiting' && ambiguous
      ? `${next.failureReason} The next try makes a new pass, which replaces any this one made.`
      : next.failureReason;
  const done = await commitTransition(
    services,
    'approved',
    next,
    issued ? 'issued' : next.status === 'waiting' ? 'waiting' : 'failed',
    undefined,
    detail,
  );
  if (!done.won) {
    logger.warn({ requestId: req.id }, 'TAP request changed while the pass was being created');
    return done.req;
  }
  logger.info(
    { requestId: req.id, target: req.target.id, status: next.status },
    next.status === 'issued' ? 'TAP issued' : 'TAP creation failed',
  );
  await syncTapCards(next, services);
  if (next.status === 'failed') await tellRequester(next, 'failed', services);
  if (next.status === 'waiting') await tellRequester(next, 'waiting', services);
  return next;
}

function transient(e: unknown): boolean {
  if (!(e instanceof GraphFailure)) return false;
  return e.status === undefined || e.status === 429 || e.status >= 500;
}

/**
 * The requester's 1:1 chat: the conversation they asked in when it is one, else a new 1:1 by Entra id.
 * A direct send (paced like everything else), not an outbox item: an item is stored until it is sent and
 * re-sent after a crash, and the code must never be stored anywhere. So it goes once, from this function's
 * memory; if it doesn't arrive, the pass is deleted and the approver can retry.
 */
async function deliverPass(req: TapRequest, tap: IssuedTap, services: Services): Promise<boolean> {
  const message = {
    kind: 'text' as const,
    text: tapMessages.pass(req, tap.code.reveal(), tap.validUntil, tap.lifetimeMinutes, tap.isUsableOnce),
  };
  try {
    await services.outbox.direct(requesterPacing(req), () =>
      req.origin.kind === 'personal'
        ? services.notifier.send(req.origin.ref, message)
        : services.notifier.sendToUser(
            { aadObjectId: req.requester.id, tenantId: req.tenantId, serviceUrl: req.origin.serviceUrl },
            message,
          ),
    );
    return true;
  } catch (e) {
    services.logger.error({ requestId: req.id, ...notifyFacts(e) }, 'could not deliver a TAP to the requester');
    return false;
  }
}

/** pending/failed → expired, once (compare-and-set); the winner updates the cards and tells the requester. */
export async function expireRequest(req: TapRequest, services: Services): Promise<TapRequest> {
  const done = await commitTransition(services, req.status, expire(req), 'expired');
  if (!done.won) return done.req;
  services.logger.info({ requestId: req.id }, 'TAP request expired');
  await syncTapCards(done.req, services);
  await tellRequester(done.req, 'expired', services);
  return done.req;
}
