import type { CardAction } from '../core/card-action';
import type { Services } from '../services';
import { TAP_CARD_ACTIONS } from '../features/tap/decision';
import { NOTIFY_CARD_ACTIONS } from '../features/notify/notify-card-actions';
import { RUNBOOK_CARD_ACTIONS } from '../features/incidents/runbook-actions';

/** Every verb a card may send. Later features append their actions here. */
export const CARD_ACTIONS: CardAction<Services>[] = [...TAP_CARD_ACTIONS, ...NOTIFY_CARD_ACTIONS, ...RUNBOOK_CARD_ACTIONS];

export function findCardAction(verb: string): CardAction<Services> | undefined {
  return CARD_ACTIONS.find((a) => a.verb === verb);
}
