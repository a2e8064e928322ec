import type { AdaptiveCard } from './reply';
import type { ConversationInfo, Requester } from './turn';

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
  /** `then`: a command the router runs afterwards as if the clicker had typed it, its answer posted where the card is. */
  | { kind: 'card'; card: AdaptiveCard; then?: { command: string } }
  | { kind: 'message'; text: string }
  | { kind: 'error'; status: 400 | 401 | 403 | 404 | 409 | 500; code: string; message: string };

/** What a feature offers for a card verb; `S` is the services bag the composition root hands it. */
export interface CardAction<S> {
  verb: string;
  /** A button people click (not a refresh): older clients may send it as an Action.Submit fallback. */
  button?: boolean;
  run(input: CardActionInput, services: S): Promise<CardActionResult>;
}
