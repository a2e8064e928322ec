import { randomBytes } from 'node:crypto';
import { isBotError } from '../domain/errors';
import type { Services } from '../services';
import { logTenantRefusal, tenantProblem } from './home-tenant';
import { rememberPerson } from './remember-person';
import type { CardActionInput, CardActionResult } from '../core/card-action';
import { findCardAction } from './card-actions';
import { dispatch } from './dispatch';
import { messages } from '../kit/messages';
import { noteCardAction, type CommandOutcome } from '../telemetry/telemetry';

/** Runs a card action; unknown verbs and failures become error results, never exceptions. */
export async function dispatchCardAction(input: CardActionInput, services: Services): Promise<CardActionResult> {
  const result = await runCardAction(input, services);
  if (result.kind === 'card' && result.then) void services.background.track(followUp(result.then.command, input, services));
  // Telemetry names only the bot's own verbs; the outcome is the result's kind, a refusal's code or a failure's.
  const verb = findCardAction(input.verb) ? input.verb : 'unknown';
  const failed = result.kind === 'error' && (result.status >= 500 || result.code.startsWith('GRAPH_'));
  const outcome: CommandOutcome = result.kind !== 'error' ? 'answered' : failed ? 'failed' : 'refused';
  noteCardAction(verb, outcome, result.kind === 'error' ? { [outcome === 'refused' ? 'reason' : 'error']: result.code } : {});
  return result;
}

async function runCardAction(input: CardActionInput, services: Services): Promise<CardActionResult> {
  const tenant = tenantProblem(input.conversation, services.config);
  if (tenant) {
    logTenantRefusal(tenant, input.conversation, services.logger);
    return { kind: 'error', status: 403, code: 'ForeignTenant', message: messages.foreignTenant() };
  }
  await rememberPerson(input.invoker, input.conversation, services);
  const action = findCardAction(input.verb);
  if (!action) return { kind: 'error', status: 400, code: 'NotSupported', message: messages.cardActionUnsupported() };
  try {
    return await action.run(input, services);
  } catch (error) {
    if (isBotError(error)) return { kind: 'error', status: 400, code: error.code, message: error.userMessage };
    const ref = randomBytes(3).toString('hex');
    services.logger.error({ err: error, ref, verb: input.verb }, 'card action failed unexpectedly');
    return { kind: 'error', status: 500, code: 'InternalError', message: messages.cardActionFailed(ref) };
  }
}

/** A card action's follow-up command, run as if the clicker had typed it; its answer goes where the card is. */
async function followUp(command: string, input: CardActionInput, services: Services): Promise<void> {
  try {
    const replies = await dispatch(command, { requester: input.invoker, conversation: input.conversation }, services);
    for (const reply of replies) await services.notifier.send(input.conversation.reference, reply);
  } catch (err) {
    services.logger.warn({ err, command }, 'could not post the answer to a card action');
  }
}
