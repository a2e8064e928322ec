import { renderTapCard } from '../cards/tap-card';
import type { CardAction, CardActionInput, CardActionResult } from '../commands/card-actions';
import { approve, isDue, mayDecide, parseLifetimeChoice, reject, retry, type DecisionRefusal } from '../domain/approval';
import type { TapPerson, TapRequest } from '../domain/tap-request';
import type { Services } from '../services';
import { approverTeamsIds, auditOf, syncTapCards, tellRequester } from './tap-cards';
import { expireRequest, issueApproved } from './tap-issue';
import { tapMessages } from './tap-messages';

type Loaded = { req: TapRequest } | { result: CardActionResult };

/**
 * Every click is re-authorised here against the stored request: the card's `data` carries only the request
 * id (and the approver's inputs), so nothing a client sends can widen who may decide.
 */
async function load(input: CardActionInput, services: Services): Promise<Loaded> {
  const id = input.data.requestId;
  if (typeof id !== 'string' || !/^[\w-]{1,64}$/.test(id))
    return { result: error(400, 'BadRequest', 'This card is missing its TAP request id.') };
  let req = await services.store.tapRequests.get(id);
  if (!req) return { result: error(404, 'NotFound', "I can't find this TAP request any more.") };
  if (isDue(req, services.clock.now())) req = await expireRequest(req, services);
  return { req };
}

function refuse(req: TapRequest, why: DecisionRefusal, input: CardActionInput, services: Services): CardActionResult {
  services.logger.info({ requestId: req.id, invoker: input.invoker.aadObjectId, why, verb: input.verb }, 'refused a TAP decision');
  const names = req.approvers.map((a) => a.name).join(', ');
  const message =
    why === 'requester'
      ? 'You asked for this pass, so someone else has to approve it.'
      : why === 'target'
        ? "This pass is for you, so you can't decide on it."
        : `Only the approvers of this request (${names}) can decide on it.`;
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
const approveAction: CardAction = {
  verb: 'tap.approve',
  button: true,
  run: (input, services) =>
    decide(input, services, async (req, actor) => {
      if (req.status !== 'pending') return req;
      const lifetime =
        input.data.lifetime === undefined || input.data.lifetime === ''
          ? req.lifetimeMinutes
          : parseLifetimeChoice(input.data.lifetime, req.policy);
      if (lifetime === undefined)
        return error(400, 'BadLifetime', `Pick a lifetime between ${req.policy.min} and ${req.policy.max} minutes.`);
      const next = approve(req, actor, lifetime, services.clock.now());
      if (!(await services.store.tapRequests.transition('pending', next))) return (await services.store.tapRequests.get(req.id)) ?? req;
      await services.store.tapRequests.audit(auditOf(next, 'approved', services.clock.now(), actor));
      return issueApproved(next, services);
    }),
};

const rejectAction: CardAction = {
  verb: 'tap.reject',
  button: true,
  run: (input, services) =>
    decide(input, services, async (req, actor) => {
      if (req.status !== 'pending') return req;
      const raw = input.data.rejectReason;
      const reason = typeof raw === 'string' ? raw.replace(/\s+/g, ' ').trim().slice(0, 300) : undefined;
      const next = reject(req, actor, reason, services.clock.now());
      if (!(await services.store.tapRequests.transition('pending', next))) return (await services.store.tapRequests.get(req.id)) ?? req;
      await services.store.tapRequests.audit(auditOf(next, 'rejected', services.clock.now(), actor, reason));
      services.logger.info({ requestId: req.id, approver: actor.id }, 'TAP request rejected');
      await syncTapCards(next, services);
      await tellRequester(next, tapMessages.rejected(next), services);
      return next;
    }),
};

/** Retry after a failed creation: same approvers, same once-only compare-and-set (failed → approved). */
const retryAction: CardAction = {
  verb: 'tap.retry',
  button: true,
  run: (input, services) =>
    decide(input, services, async (req, actor) => {
      if (req.status !== 'failed') return req;
      const next = retry(req, actor, services.clock.now());
      if (!(await services.store.tapRequests.transition('failed', next))) return (await services.store.tapRequests.get(req.id)) ?? req;
      await services.store.tapRequests.audit(auditOf(next, 'retried', services.clock.now(), actor));
      return issueApproved(next, services);
    }),
};

/** Refresh (automatic for the approvers in refresh.userIds, manual for anyone): approvers get buttons, others the facts. */
const refreshAction: CardAction = {
  verb: 'tap.refresh',
  run: async (input, services) => {
    const loaded = await load(input, services);
    if ('result' in loaded) return loaded.result;
    return view(loaded.req, input.invoker.aadObjectId, services);
  },
};

export const TAP_CARD_ACTIONS: CardAction[] = [approveAction, rejectAction, retryAction, refreshAction];

function error(status: 400 | 403 | 404, code: string, message: string): CardActionResult {
  return { kind: 'error', status, code, message };
}
