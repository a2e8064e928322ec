import type { Services } from '../services';
import type { ConversationInfo, Requester } from './context';
import type { AdaptiveCard } from './reply';
import { TAP_CARD_ACTIONS } from '../handlers/tap-decision';

/** One Universal Action (Action.Execute) click or refresh, framework-free. */
export interface CardActionInput {
  verb: string;
  /** The card's `data`, merged with its inputs by Teams. Untrusted: validate every field. */
  data: Record<string, unknown>;
  invoker: Requester;
  conversation: ConversationInfo;
  /** The id of the message that holds the card. */
  messageId?: string;
  /** 'automatic' for refresh, 'manual' for a click. */
  trigger: 'manual' | 'automatic';
}

export type CardActionResult =
  | { kind: 'card'; card: AdaptiveCard }
  | { kind: 'message'; text: string }
  | { kind: 'error'; status: 400 | 401 | 403 | 404 | 409 | 500; code: string; message: string };

export interface CardAction {
  verb: string;
  /** A button people click (not a refresh): older clients may send it as an Action.Submit fallback. */
  button?: boolean;
  run(input: CardActionInput, services: Services): Promise<CardActionResult>;
}

/** Every verb a card may send. Later features append their actions here. */
export const CARD_ACTIONS: CardAction[] = [...TAP_CARD_ACTIONS];

export function findCardAction(verb: string): CardAction | undefined {
  return CARD_ACTIONS.find((a) => a.verb === verb);
}
