import { ActivityTypes, type TurnContext } from 'botbuilder';
import { Application, type TeamsAdapter, type TurnState } from '@microsoft/teams-ai';
import { dispatch } from '../commands/dispatch';
import type { Services } from '../services';
import { conversationOf, requesterOf } from './turn-info';
import { toActivity } from './to-activity';

export type Bot = Application<TurnState>;

/** The teams-ai application: every message goes to the command dispatcher; other activities are acknowledged. */
export function createBot(adapter: TeamsAdapter, services: Services): Bot {
  const app = new Application<TurnState>({
    adapter,
    botAppId: services.config.BOT_ID,
    startTypingTimer: false,
    removeRecipientMention: true,
  });

  app.activity(ActivityTypes.Message, async (context: TurnContext) => {
    const activity = context.activity;
    // Card buttons (messageBack) carry the command in `value` when Teams leaves `text` empty.
    const value = (activity.value ?? {}) as { command?: unknown };
    const typed = activity.text || (typeof value.command === 'string' ? value.command : '');
    const replies = await dispatch(typed, { requester: requesterOf(activity), conversation: conversationOf(activity) }, services);
    for (const reply of replies) await context.sendActivity(toActivity(reply));
  });

  app.error(async (context, error) => {
    services.logger.error({ err: error, activityType: context.activity?.type }, 'turn failed');
  });

  return app;
}
