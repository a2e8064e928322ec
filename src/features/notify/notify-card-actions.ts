import type { CardAction, CardActionInput, CardActionResult } from '../../core/card-action';
import {
  cancel,
  confirmSecond,
  editMessage,
  expire,
  isLapsed,
  pressSend,
  type Campaign,
  type CampaignRefusal,
  type Decision,
} from '../../domain/campaign';
import { notifyMessages } from './notify-messages';
import type { Services } from '../../services';
import { checkMessage } from './compose';
import { enqueueNotices, syncCampaignCard } from './deliver';
import { campaignCard } from './views';
import { noteRunbookTask } from '../incidents/runbook-steps';

type Loaded = { c: Campaign } | { result: CardActionResult };

const error = (status: 400 | 403 | 404, code: string, message: string): CardActionResult => ({ kind: 'error', status, code, message });

/** The card's data carries only the campaign id (and an edited all-clear); everything else is the stored campaign. */
async function load(input: CardActionInput, services: Services): Promise<Loaded> {
  const id = input.data.campaignId;
  if (typeof id !== 'string' || !/^[\w-]{1,64}$/.test(id)) return { result: error(400, 'BadRequest', notifyMessages.missingCampaignId()) };
  const c = await services.store.campaigns.get(id);
  if (!c) return { result: error(404, 'NotFound', notifyMessages.campaignGone()) };
  return { c: isLapsed(c, services.clock.now()) ? await expireCampaign(c, services) : c };
}

/** Unconfirmed past its time: expired once (a compare-and-set), its card updated for everyone. */
export async function expireCampaign(c: Campaign, services: Services): Promise<Campaign> {
  const next = expire(c, services.clock.now());
  if (!(await services.store.campaigns.update(next))) return (await services.store.campaigns.get(c.id)) ?? c;
  services.logger.info({ campaign: c.id }, 'notify campaign expired unconfirmed; nothing was sent');
  await syncCampaignCard(next, services);
  return next;
}

async function view(c: Campaign, services: Services): Promise<CardActionResult> {
  const reply = await campaignCard(c, services);
  return reply.kind === 'card' ? { kind: 'card', card: reply.card } : { kind: 'message', text: reply.text };
}

function refuse(c: Campaign, why: CampaignRefusal, input: CardActionInput, services: Services): CardActionResult {
  services.logger.info({ campaign: c.id, invoker: input.invoker.aadObjectId, why, verb: input.verb }, 'refused a notify confirmation');
  const message = {
    'not-requester': notifyMessages.refusedNotRequester(c.requester.name),
    'requester-is-second': notifyMessages.refusedSecondIsRequester(),
    'already-second': notifyMessages.refusedAlreadySecond(c.second?.name ?? ''),
    expired: notifyMessages.refusedExpired(),
    closed: notifyMessages.refusedClosed(),
  }[why];
  return error(why === 'expired' || why === 'closed' ? 400 : 403, 'NotAllowed', message);
}

/**
 * Every click is re-authorised here: the clicker must (still) be in the helpdesk group, and the rule itself
 * (only the requester sends or cancels; the second confirmation is anyone else's) comes from the domain.
 * The change is a compare-and-set, so of two clicks at once on two instances one wins; the loser sees the
 * outcome. Once confirmed, the notices go into the outbox (in the background: a big cohort takes a moment).
 */
async function decide(
  input: CardActionInput,
  services: Services,
  act: (c: Campaign, invoker: { id: string; name: string }) => Decision | CardActionResult,
): Promise<CardActionResult> {
  const loaded = await load(input, services);
  if ('result' in loaded) return loaded.result;
  const { c } = loaded;
  const id = input.invoker.aadObjectId;
  if (!id) return error(403, 'NotAllowed', notifyMessages.noIdentity());
  if (!services.helpdesk.open && !(await services.helpdesk.allows(input.invoker)))
    return error(403, 'NotHelpdesk', notifyMessages.refusedNotHelpdesk());
  const decision = act(c, { id, name: input.invoker.name ?? id });
  if ('kind' in decision) return decision;
  if (!decision.ok) return refuse(c, decision.why, input, services);
  if (!(await services.store.campaigns.update(decision.next))) return view((await services.store.campaigns.get(c.id)) ?? c, services);
  const next = decision.next;
  services.logger.info({ campaign: c.id, verb: input.verb, by: id, status: next.status }, 'notify campaign changed');
  if (decision.starts) void services.background.track(startDelivery(next, services));
  await syncCampaignCard(next, services);
  return view(next, services);
}

/** Confirmed: every notice into the outbox; the campaign worker finishes the job if this process stops midway. */
async function startDelivery(c: Campaign, services: Services): Promise<void> {
  try {
    await enqueueNotices(c, services);
    if (c.kind === 'notice')
      await noteRunbookTask(services, 'notify', 'done', { teamsId: c.requester.teamsId, name: c.requester.name }, c.incident?.id);
  } catch (err) {
    services.logger.error({ err, campaign: c.id }, 'could not queue every notice yet; the campaign worker will finish it');
  }
}

const sendAction: CardAction<Services> = {
  verb: 'notify.send',
  button: true,
  run: (input, services) =>
    decide(input, services, (c, invoker) => {
      const now = services.clock.now();
      // An all-clear edited on the card: stored, and shown again for a fresh Send; never sent unseen.
      const typed = input.data.message;
      if (c.kind === 'allClear' && typeof typed === 'string' && typed.trim() !== c.message) {
        const checked = checkMessage(typed);
        if (!checked.ok) return error(400, 'BadMessage', checked.problem);
        if (checked.message !== c.message) return editMessage(c, invoker.id, checked.message, now);
      }
      return pressSend(c, invoker.id, now);
    }),
};

const secondAction: CardAction<Services> = {
  verb: 'notify.second',
  button: true,
  run: (input, services) => decide(input, services, (c, invoker) => confirmSecond(c, invoker, services.clock.now())),
};

const cancelAction: CardAction<Services> = {
  verb: 'notify.cancel',
  button: true,
  run: (input, services) => decide(input, services, (c, invoker) => cancel(c, invoker, services.clock.now())),
};

/** Refresh (automatic for the requester, manual for anyone): the campaign as it stands, progress included. */
const refreshAction: CardAction<Services> = {
  verb: 'notify.refresh',
  run: async (input, services) => {
    const loaded = await load(input, services);
    return 'result' in loaded ? loaded.result : view(loaded.c, services);
  },
};

export const NOTIFY_CARD_ACTIONS: CardAction<Services>[] = [sendAction, secondAction, cancelAction, refreshAction];
