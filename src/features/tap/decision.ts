import { renderTapCard } from './tap-card';
import type { CardAction, CardActionInput, CardActionResult } from '../../core/card-action';
import { approve, isDue, mayDecide, parseLifetimeChoice, reject, retry, type DecisionRefusal } from './approval';
import type { TapPerson, TapRequest } from '../../domain/tap-request';
import type { Services } from '../../services';
import { approverTeamsIds, syncTapCards, tellRequester } from './sync-tap-cards';
import { commitTransition } from './commit-transition';
import { expireRequest, issueApproved } from './issue-pass';
import { tapMessages } from './tap-messages';

type Loaded = { req: TapRequest } | { result: CardActionResult };

/**
 * Every click is re-authorised here against the stored request: the card's `data` carries only the request
 * id (and the approver's inputs), so nothing a client sends can widen who may decide.
 */
async function load(input: CardActionInput, services: Services): Promise<Loaded> {
  const id = input.data.requestId;
  if (typeof id !== 'string' || !/^[\w-]{1,64}$/.test(id)) return { result: error(400, 'BadRequest', tapMessages.missingRequestId()) };
  let req = await services.store.tapRequests.get(id);
  if (!req) return { result: error(404, 'NotFound', tapMessages.requestGone()) };
  if (isDue(req, services.clock.now())) req = await expireRequest(req, services);
  return { req };
}

function refuse(req: TapRequest, why: DecisionRefusal, input: CardActionInput, services: Services): CardActionResult {
  services.logger.info({ requestId: req.id, invoker: input.invoker.aadObjectId, why, verb: input.verb }, 'refused a TAP decision');
  const message =
    why === 'requester'
      ? tapMessages.refusedRequester()
      : why === 'target'
        ? tapMessages.refusedTarget()
        : tapMessages.refusedNotApprover(req.approvers.map((a) => a.name).join(', '));
  return error(403, 'NotAnApprover', message);
}

async function view(req: TapRequest, invokerId: string | undefined, services: Services): Promise<CardActionResult> {
  const approver = mayDecide(req, invokerId) === undefined;
  return {
    kind: 'card',
    card: renderTapCard(req, { view: approver ? 'approver' : 'readOnly', refreshUserIds: await approverTeamsIds(req, services) }),
  };
}

function actorOf(req: TapRequest, id: string): TapPerson {
  const a = req.approvers.find((x) => x.id.toLowerCase() === id.toLowerCase())!;
  return { id: a.id, name: a.name, upn: a.upn };
}

async function decide(
  input: CardActionInput,
  services: Services,
  act: (req: TapRequest, actor: TapPerson) => Promise<CardActionResult | TapRequest>,
): Promise<CardActionResult> {
  const loaded = await load(input, services);
  if ('result' in loaded) return loaded.result;
  const { req } = loaded;
  const why = mayDecide(req, input.invoker.aadObjectId);
  if (why) return refuse(req, why, input, services);
  const outcome = await act(req, actorOf(req, input.invoker.aadObjectId!));
  if ('kind' in outcome) return outcome;
  return view(outcome, input.invoker.aadObjectId, services);
}

/** Approve: compare-and-set pending → approved, so only one click (of any number, on any instance) issues. */
const approveAction: CardAction<Services> = {
  verb: 'tap.approve',
  button: true,
  run: (input, services) =>
    decide(input, services, async (req, actor) => {
      if (req.status !== 'pending') return req;
      const lifetime =
        input.data.lifetime === undefined || input.data.lifetime === ''
          ? req.lifetimeMinutes
          : parseLifetimeChoice(input.data.lifetime, req.policy);
      if (lifetime === undefined) return error(400, 'BadLifetime', tapMessages.badLifetime(req.policy.min, req.policy.max));
      const done = await commitTransition(services, 'pending', approve(req, actor, lifetime, services.clock.now()), 'approved', actor);
      return done.won ? issueWithin(done.req, services) : done.req;
    }),
};

const rejectAction: CardAction<Services> = {
  verb: 'tap.reject',
  button: true,
  run: (input, services) =>
    decide(input, services, async (req, actor) => {
      if (req.status !== 'pending') return req;
      const raw = input.data.rejectReason;
      const reason = typeof raw === 'string' ? raw.replace(/\s+/g, ' ').trim().slice(0, 300) : undefined;
      const done = await commitTransition(services, 'pending', reject(req, actor, reason, services.clock.now()), 'rejected', actor, reason);
      if (!done.won) return done.req;
      services.logger.info({ requestId: req.id, approver: actor.id }, 'TAP request rejected');
      await syncTapCards(done.req, services);
      await tellRequester(done.req, 'rejected', services);
      return done.req;
    }),
};

/** Retry after a failed creation: same approvers, same once-only compare-and-set (failed → approved). */
const retryAction: CardAction<Services> = {
  verb: 'tap.retry',
  button: true,
  run: (input, services) =>
    decide(input, services, async (req, actor) => {
      if (req.status !== 'failed') return req;
      const done = await commitTransition(services, 'failed', retry(req, actor, services.clock.now()), 'retried', actor);
      return done.won ? issueWithin(done.req, services) : done.req;
    }),
};

/** Refresh (automatic for the approvers in refresh.userIds, manual for anyone): approvers get buttons, others the facts. */
const refreshAction: CardAction<Services> = {
  verb: 'tap.refresh',
  run: async (input, services) => {
    const loaded = await load(input, services);
    if ('result' in loaded) return loaded.result;
    return view(loaded.req, input.invoker.aadObjectId, services);
  },
};

export const TAP_CARD_ACTIONS: CardAction<Services>[] = [approveAction, rejectAction, retryAction, refreshAction];

/** Teams waits about 5 s for an invoke's answer; after this the card says "creating the pass…" and updates itself. */
const INVOKE_WAIT_MS = 3_000;

/**
 * Issues the approved pass, answering the click with the outcome if it comes quickly, or with the request
 * as it stands ("approved, creating the pass…") if not; the issuing goes on in the background and updates
 * every card itself when it is done.
 */
async function issueWithin(req: TapRequest, services: Services): Promise<TapRequest> {
  const issuing = services.background.track(issueApproved(req, services));
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<TapRequest>((resolve) => {
    timer = services.clock.setTimeout(() => resolve(req), INVOKE_WAIT_MS);
  });
  try {
    return await Promise.race([issuing, late]);
  } finally {
    services.clock.clearTimeout(timer);
  }
}

function error(status: 400 | 403 | 404, code: string, message: string): CardActionResult {
  return { kind: 'error', status, code, message };
}
