import { SpanKind, SpanStatusCode, type Attributes, type Counter, type Meter, type Tracer } from '@opentelemetry/api';
import { bounded, codeOf } from './bounded-values';
import { currentTurn, type CommandNote, type CommandOutcome, type CommandRecorder, type TurnScope } from './turn-scope';

/** The shape of an activity, as much as a turn span may carry; plain fields so no framework type is needed. */
export interface TurnFacts {
  type?: unknown;
  name?: unknown;
  channelId?: unknown;
  conversation?: { conversationType?: unknown; isGroup?: unknown } | null;
}

const ACTIVITY_TYPES = new Set([
  'message',
  'invoke',
  'conversationUpdate',
  'installationUpdate',
  'messageReaction',
  'messageUpdate',
  'messageDelete',
  'event',
  'typing',
  'endOfConversation',
]);
const INVOKE_NAMES = new Set(['adaptiveCard/action', 'task/fetch', 'task/submit', 'composeExtension/query', 'signin/verifyState']);
const CONVERSATION_KINDS = new Set(['personal', 'groupChat', 'channel']);

/** Turns: a span per incoming activity, and commands and card actions counted by name and outcome. */
export class TurnSignal {
  private readonly commands: Counter;

  constructor(
    private readonly owner: CommandRecorder,
    private readonly tracer: Tracer,
    meter: Meter,
  ) {
    this.commands = meter.createCounter('mfa_bot.commands', { description: 'Commands and card actions by name and outcome' });
  }

  /** A span for one incoming turn; deeper layers add the command and its outcome through noteCommand. */
  async record<T>(activity: TurnFacts, run: () => Promise<T>): Promise<T> {
    const type = bounded(activity.type, ACTIVITY_TYPES);
    const c = activity.conversation;
    const attributes: Attributes = {
      'turn.activity_type': type,
      'turn.channel': activity.channelId === 'msteams' ? 'msteams' : 'other',
      'turn.conversation_kind': bounded(c?.conversationType ?? (c?.isGroup === true ? 'groupChat' : 'personal'), CONVERSATION_KINDS),
    };
    if (type === 'invoke') attributes['turn.invoke_name'] = bounded(activity.name, INVOKE_NAMES);
    const span = this.tracer.startSpan(`turn ${type}`, { kind: SpanKind.SERVER, attributes, root: true });
    const scope: TurnScope = { telemetry: this.owner, span, notes: { 'turn.outcome': 'acknowledged' }, ended: false };
    try {
      return await currentTurn.run(scope, run);
    } catch (error) {
      scope.notes['turn.outcome'] = 'failed';
      span.setStatus({ code: SpanStatusCode.ERROR });
      span.setAttribute('error.type', codeOf((error as Error | undefined)?.name));
      throw error;
    } finally {
      scope.ended = true;
      span.setAttributes(scope.notes);
      span.end();
    }
  }

  /** Counted, and put on the turn's span when the turn in progress is this telemetry's. */
  command(source: 'message' | 'card', name: string, outcome: CommandOutcome, note: CommandNote = {}): void {
    const attributes: Attributes = { 'command.name': name, 'command.source': source, 'command.outcome': outcome };
    if (note.reason) attributes['command.reason'] = codeOf(note.reason);
    if (note.error) attributes['error.type'] = codeOf(note.error);
    this.commands.add(1, attributes);
    const scope = currentTurn.getStore();
    if (scope?.telemetry === this.owner) {
      scope.notes[source === 'card' ? 'turn.card_verb' : 'turn.command'] = name;
      scope.notes['turn.outcome'] = outcome;
      if (note.reason) scope.notes['command.reason'] = codeOf(note.reason);
      if (note.error) scope.notes['error.type'] = codeOf(note.error);
    }
  }
}

/**
 * Notes the command of the turn in progress (from dispatch): counted by name and outcome, and put on the
 * turn's span. Outside a recorded turn it does nothing.
 */
export function noteCommand(name: string, outcome: CommandOutcome, note?: CommandNote): void {
  currentTurn.getStore()?.telemetry.command('message', name, outcome, note);
}

/** The same for a card action (Action.Execute or its Action.Submit fallback). */
export function noteCardAction(verb: string, outcome: CommandOutcome, note?: CommandNote): void {
  currentTurn.getStore()?.telemetry.command('card', verb, outcome, note);
}
