import { AsyncLocalStorage } from 'node:async_hooks';
import { ROOT_CONTEXT, trace, type Attributes, type Span, type SpanKind, type Tracer } from '@opentelemetry/api';

export type CommandOutcome = 'answered' | 'refused' | 'failed' | 'still-trying';

/** What may be said about a refusal or a failure: a reason or a code from the bot's own vocabulary. */
export interface CommandNote {
  /** Why it was refused: foreign-tenant, not-helpdesk, no-identity, unsupported. */
  reason?: string;
  /** A BotError code (GRAPH_THROTTLED, …) or `unexpected`. */
  error?: string;
}

/** Whoever records the turn's commands (the Telemetry the turn belongs to). */
export interface CommandRecorder {
  command(source: 'message' | 'card', name: string, outcome: CommandOutcome, note?: CommandNote): void;
}

export interface TurnScope {
  telemetry: CommandRecorder;
  span: Span;
  notes: Attributes;
  /** Work the turn left running (a slow command's answer) still counts as its child; a delivery starts its own trace. */
  ended: boolean;
}

/** The turn in progress (carried through every await of it), so deeper layers can say what it was. */
export const currentTurn = new AsyncLocalStorage<TurnScope>();

/**
 * A span that is a child of the turn in progress when that turn was recorded by `owner` (and `underTurn`),
 * else the root of a trace of its own.
 */
export function startSpanUnderTurn(
  owner: CommandRecorder,
  tracer: Tracer,
  name: string,
  kind: SpanKind,
  attributes: Attributes,
  underTurn = true,
): Span {
  const parent = currentTurn.getStore();
  const context = underTurn && parent?.telemetry === owner ? trace.setSpan(ROOT_CONTEXT, parent.span) : ROOT_CONTEXT;
  return tracer.startSpan(name, { kind, attributes }, context);
}
