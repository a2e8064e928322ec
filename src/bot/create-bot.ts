import { ActivityTypes, type TurnContext } from 'botbuilder';
import { Application, type TeamsAdapter, type TurnState } from '@microsoft/teams-ai';
import { findCardAction } from '../router/card-actions';
import { dispatchCardAction } from '../router/dispatch-card-action';
import { dispatch } from '../router/dispatch';
import type { Services } from '../services';
import { conversationOf, requesterOf } from './turn-info';
import { toActivity } from './to-activity';
import { invokeResponseFor } from './invoke-response';
import { membershipEventOf } from './membership-event';
import { onMembershipChange } from '../features/service-health/conversation-membership';
import { messages } from '../kit/messages';

export type Bot = Application<TurnState>;

const ACTION_INVOKE = 'adaptiveCard/action';

/**
 * The teams-ai application: messages go to the command dispatcher, Universal Actions to the card-action
 * dispatcher; every other activity is acknowledged without a reply.
 */
export function createBot(adapter: TeamsAdapter, services: Services): Bot {
  const app = new Application<TurnState>({
    adapter,
    botAppId: services.config.BOT_ID,
    startTypingTimer: false,
    removeRecipientMention: true,
  });

  // Identity and tenant come from the activity, and only Teams vouches for them: with auth on, an
  // authenticated activity from another Bot Service channel (Web Chat, Direct Line) is acknowledged, not run.
  app.turn('beforeTurn', async (context) => {
    if (!services.config.authEnabled || context.activity.channelId === 'msteams') return true;
    services.logger.warn({ channelId: context.activity.channelId }, 'ignored an activity from a channel other than Teams');
    if (context.activity.type === String(ActivityTypes.Invoke))
      await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200 } });
    return false;
  });

  app.activity(ActivityTypes.Message, async (context: TurnContext) => {
    const activity = context.activity;
    const submitted = submittedAction(activity.value);
    if (submitted) return answerSubmittedAction(context, submitted, services);
    // Card buttons (messageBack) carry the command in `value` when Teams leaves `text` empty.
    const value = (activity.value ?? {}) as { command?: unknown };
    const typed = activity.text || (typeof value.command === 'string' ? value.command : '');
    const replies = await dispatch(typed, { requester: requesterOf(activity), conversation: conversationOf(activity) }, services);
    for (const reply of replies) await context.sendActivity(toActivity(reply));
  });

  // Our own invoke route rather than adaptiveCards.actionExecute: one place re-authorises every click,
  // and a card with `refresh` must not be pushed to everyone on each viewer's automatic refresh.
  app.addRoute(
    async (context) => context.activity.type === String(ActivityTypes.Invoke),
    async (context) => {
      const a = context.activity;
      if (a.name !== ACTION_INVOKE) {
        await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200 } });
        return;
      }
      const action = (a.value ?? {}) as { action?: { type?: string; verb?: unknown; data?: unknown }; trigger?: string };
      const data = action.action?.data;
      const result = await dispatchCardAction(
        {
          verb: typeof action.action?.verb === 'string' ? action.action.verb : '',
          data: data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {},
          invoker: requesterOf(a),
          conversation: conversationOf(a),
          messageId: a.replyToId,
          trigger: action.trigger === 'automatic' ? 'automatic' : 'manual',
        },
        services,
      );
      await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body: invokeResponseFor(result) } });
    },
    true,
  );

  // Installed, removed, re-added: subscriptions follow the bot's membership. Acknowledged without a reply.
  app.activity(
    (context) =>
      Promise.resolve(context.activity.type === 'installationUpdate' || context.activity.type === String(ActivityTypes.ConversationUpdate)),
    async (context: TurnContext) => {
      const event = membershipEventOf(context.activity);
      if (event) await onMembershipChange(event, services);
    },
  );

  app.error(async (context, error) => {
    services.logger.error({ err: error, activityType: context.activity?.type }, 'turn failed');
  });

  return app;
}

/** An Action.Submit fallback of an Action.Execute button arrives as a message whose value names the verb. */
function submittedAction(value: unknown): { verb: string; data: Record<string, unknown> } | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const { verb, ...data } = value as Record<string, unknown>;
  return typeof verb === 'string' && findCardAction(verb)?.button ? { verb, data } : undefined;
}

/**
 * Same authorisation and once-only rules as the invoke. The answer is one sentence: the action itself
 * updates the stored cards, and replacing "the card this came from" would trust an id the client chose.
 */
async function answerSubmittedAction(
  context: TurnContext,
  submitted: { verb: string; data: Record<string, unknown> },
  services: Services,
): Promise<void> {
  const a = context.activity;
  const result = await dispatchCardAction(
    {
      verb: submitted.verb,
      data: submitted.data,
      invoker: requesterOf(a),
      conversation: conversationOf(a),
      messageId: a.replyToId,
      trigger: 'manual',
    },
    services,
  );
  const said = result.kind === 'card' ? messages.submittedActionDone() : result.kind === 'message' ? result.text : result.message;
  await context.sendActivity(toActivity({ kind: 'text', text: said }));
}
