import { AsyncLocalStorage } from 'node:async_hooks';
import {
  createNoopMeter,
  ProxyTracerProvider,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Meter,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { graphPathShape } from './graph-path';

/**
 * The bot's traces and metrics, through @opentelemetry/api only: the SDK and its exporters live in
 * start-telemetry.ts and are loaded only when an exporter is configured. Off (the default), every hook
 * here is a boolean check and a direct call; nothing is recorded or sent.
 *
 * What is recorded is decided here and nowhere else, from bounded values: activity types, command and
 * card-verb names from the bot's own tables, Graph areas, path shapes and statuses, outbox kinds and
 * outcomes. Never message text, names, sign-in names, ids, error messages, or a TAP code.
 */

export type CommandOutcome = 'answered' | 'refused' | 'failed' | 'still-trying';

/** What may be said about a refusal or a failure: a reason or a code from the bot's own vocabulary. */
export interface CommandNote {
  /** Why it was refused: foreign-tenant, not-helpdesk, no-identity, unsupported. */
  reason?: string;
  /** A BotError code (GRAPH_THROTTLED, …) or `unexpected`. */
  error?: string;
}

/** The shape of an activity, as much as a turn span may carry; plain fields so no framework type is needed. */
export interface TurnFacts {
  type?: unknown;
  name?: unknown;
  channelId?: unknown;
  conversation?: { conversationType?: unknown; isGroup?: unknown } | null;
}

export interface GraphCallFacts {
  method: string;
  path: string;
  area: string;
  /** A read sent inside a `$batch`. */
  batched?: boolean;
}

/** One logical Graph request (its retries included); a no-op while telemetry is off. */
export interface GraphCall {
  /** What the area's circuit said when the request went in: closed (go) or a probe after a cool-down. */
  circuit(verdict: 'go' | 'probe'): void;
  /** Times the wait for a throttling slot. */
  slot<T>(wait: () => Promise<T>): Promise<T>;
  /** One HTTP round trip: timed and counted by status; the error (if any) passes through. */
  attempt<T>(send: () => Promise<T>, statusOf: (error: unknown) => number | undefined): Promise<T>;
  /** A batch item's answer (the round trip was timed by the caller). */
  answered(status: number | undefined, ms: number): void;
  /** Another attempt follows after `delayMs`. */
  retrying(delayMs: number, status: number | undefined): void;
  /** Done: undefined for success, else the failure (a GraphFailure: status, graphCode, code). */
  end(failure?: unknown): void;
}

export interface GaugeSources {
  circuits(): Array<{ area: string; state: 'ok' | 'failing' | 'open' }>;
  tapRequests(): Promise<Record<string, number>>;
  outbox(): Promise<{ queued: number; oldestQueuedAt?: number; paused: number }>;
  now(): number;
}

interface TurnScope {
  telemetry: Telemetry;
  span: Span;
  notes: Attributes;
  /** Work the turn left running (a slow command's answer) still counts as its child; a delivery starts its own trace. */
  ended: boolean;
}

/** The turn in progress (carried through every await of it), so deeper layers can say what it was. */
const currentTurn = new AsyncLocalStorage<TurnScope>();

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
const CODE = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const bounded = (value: unknown, allowed: Set<string>) => (typeof value === 'string' && allowed.has(value) ? value : 'other');
/** A code from Graph or the bot (Request_ResourceNotFound, GRAPH_THROTTLED); anything else is `other`. */
const codeOf = (value: unknown) => (typeof value === 'string' && CODE.test(value) ? value : 'other');
const CIRCUIT_VALUE = { ok: 0, failing: 1, open: 2 } as const;

const NOOP_CALL: GraphCall = {
  circuit: () => undefined,
  slot: (wait) => wait(),
  attempt: (send) => send(),
  answered: () => undefined,
  retrying: () => undefined,
  end: () => undefined,
};

export type TelemetryMode = 'off' | 'otlp' | 'azure-monitor' | 'otlp+azure-monitor';

export class Telemetry {
  /** Telemetry off: @opentelemetry/api's no-op tracer and meter, and hooks that only call through. */
  static readonly off = new Telemetry('off', new ProxyTracerProvider().getTracer('mfa-bot'), createNoopMeter());

  readonly recording: boolean;
  private readonly commands;
  private readonly graphCalls;
  private readonly graphDuration;
  private readonly deliveries;

  constructor(
    readonly mode: TelemetryMode,
    private readonly tracer: Tracer,
    private readonly meter: Meter,
    private readonly stop: () => Promise<void> = async () => undefined,
  ) {
    this.recording = mode !== 'off';
    this.commands = meter.createCounter('mfa_bot.commands', { description: 'Commands and card actions by name and outcome' });
    this.graphCalls = meter.createCounter('mfa_bot.graph.calls', {
      description: 'Microsoft Graph requests (each attempt, each batch item) by area and status',
    });
    this.graphDuration = meter.createHistogram('mfa_bot.graph.call.duration', { unit: 'ms', description: 'Graph round trips' });
    this.deliveries = meter.createCounter('mfa_bot.deliveries', { description: 'Outbox deliveries by kind and outcome' });
  }

  /** A span for one incoming turn; deeper layers add the command and its outcome through noteCommand. */
  async turn<T>(activity: TurnFacts, run: () => Promise<T>): Promise<T> {
    if (!this.recording) return run();
    const type = bounded(activity.type, ACTIVITY_TYPES);
    const c = activity.conversation;
    const attributes: Attributes = {
      'turn.activity_type': type,
      'turn.channel': activity.channelId === 'msteams' ? 'msteams' : 'other',
      'turn.conversation_kind': bounded(
        c?.conversationType ?? (c?.isGroup === true ? 'groupChat' : 'personal'),
        new Set(['personal', 'groupChat', 'channel']),
      ),
    };
    if (type === 'invoke') attributes['turn.invoke_name'] = bounded(activity.name, INVOKE_NAMES);
    const span = this.tracer.startSpan(`turn ${type}`, { kind: SpanKind.SERVER, attributes, root: true });
    const scope: TurnScope = { telemetry: this, span, notes: { 'turn.outcome': 'acknowledged' }, ended: false };
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

  command(source: 'message' | 'card', name: string, outcome: CommandOutcome, note: CommandNote = {}): void {
    if (!this.recording) return;
    const attributes: Attributes = { 'command.name': name, 'command.source': source, 'command.outcome': outcome };
    if (note.reason) attributes['command.reason'] = codeOf(note.reason);
    if (note.error) attributes['error.type'] = codeOf(note.error);
    this.commands.add(1, attributes);
    const scope = currentTurn.getStore();
    if (scope?.telemetry === this) {
      scope.notes[source === 'card' ? 'turn.card_verb' : 'turn.command'] = name;
      scope.notes['turn.outcome'] = outcome;
      if (note.reason) scope.notes['command.reason'] = codeOf(note.reason);
      if (note.error) scope.notes['error.type'] = codeOf(note.error);
    }
  }

  /** One logical Graph request: a client span (a child of the turn that asked, if any) and a count per attempt. */
  graphCall(facts: GraphCallFacts): GraphCall {
    if (!this.recording) return NOOP_CALL;
    const span = this.startChild(`graph ${facts.method}`, SpanKind.CLIENT, {
      'graph.area': facts.area,
      'http.request.method': facts.method,
      'url.template': graphPathShape(facts.path),
      'graph.batched': facts.batched === true,
    });
    let attempts = 0;
    let waitedMs = 0;
    let throttled = false;
    let circuit = 'closed';
    const count = (status: string, ms?: number) => {
      const attributes = { 'graph.area': facts.area, 'http.request.method': facts.method, 'graph.status': status };
      this.graphCalls.add(1, attributes);
      if (ms !== undefined) this.graphDuration.record(ms, { 'graph.area': facts.area, 'graph.status': status });
    };
    const answered = (status: number | undefined, ms: number) => {
      attempts++;
      if (status === 429) throttled = true;
      count(statusText(status, status !== undefined && status < 400), ms);
    };
    return {
      circuit: (verdict) => {
        circuit = verdict === 'probe' ? 'probe' : circuit;
      },
      slot: async (wait) => {
        const started = performance.now();
        try {
          return await wait();
        } finally {
          waitedMs += performance.now() - started;
        }
      },
      attempt: async (send, statusOf) => {
        const started = performance.now();
        try {
          const result = await send();
          answered(200, performance.now() - started);
          return result;
        } catch (error) {
          answered(statusOf(error) ?? undefined, performance.now() - started);
          throw error;
        }
      },
      answered,
      retrying: (delayMs, status) => {
        span.addEvent('retry', { 'graph.attempt': attempts, 'graph.status': statusText(status, false), 'graph.retry_delay_ms': delayMs });
      },
      end: (failure) => {
        const f = failure as { status?: number; graphCode?: string; code?: string; name?: string } | undefined;
        let status = f ? statusText(f.status, false) : 'ok';
        if (f?.graphCode === 'CircuitOpen') [status, circuit] = ['circuit-open', 'open'];
        if (f?.graphCode === 'BudgetTimeout') status = 'no-slot';
        if (status === 'circuit-open' || status === 'no-slot') count(status);
        if (f?.status === 429) throttled = true;
        span.setAttributes({
          'graph.status': status,
          'graph.attempts': attempts,
          'graph.throttled': throttled,
          'graph.budget_wait_ms': Math.round(waitedMs),
          'graph.circuit': circuit,
        });
        if (f?.status !== undefined && f.graphCode !== 'BudgetTimeout') span.setAttribute('http.response.status_code', f.status);
        if (f) {
          span.setAttribute('error.type', codeOf(f.graphCode ?? f.code ?? f.name));
          span.setStatus({ code: SpanStatusCode.ERROR });
        }
        span.end();
      },
    };
  }

  /** A span for a `$batch` round trip (its items have their own spans). */
  async graphBatch<T>(items: number, send: () => Promise<T>): Promise<T> {
    if (!this.recording) return send();
    const span = this.startChild('graph POST $batch', SpanKind.CLIENT, {
      'http.request.method': 'POST',
      'url.template': '/$batch',
      'graph.batch_size': items,
    });
    try {
      return await send();
    } finally {
      span.end();
    }
  }

  /** A span per outbox delivery, and a count by kind and outcome. */
  async delivery<O extends string>(facts: { kind: string; target: string; attempts: number }, run: () => Promise<O>): Promise<O> {
    if (!this.recording) return run();
    const kind = codeOf(facts.kind);
    // Sent from a turn (a TAP card): part of that turn. Sent by the worker: a trace of its own, even when the
    // worker's pass was kicked by a turn that has ended since (timers keep the context they were set in).
    const turn = currentTurn.getStore();
    const span = this.startChild(
      'outbox delivery',
      SpanKind.PRODUCER,
      { 'delivery.kind': kind, 'delivery.target': codeOf(facts.target), 'delivery.attempts': facts.attempts },
      turn !== undefined && !turn.ended,
    );
    let outcome = 'failed';
    try {
      outcome = await currentTurn.run({ telemetry: this, span, notes: {}, ended: false }, run);
      return outcome as O;
    } finally {
      span.setAttribute('delivery.outcome', codeOf(outcome));
      if (outcome === 'failed') span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      this.deliveries.add(1, { 'delivery.kind': kind, 'delivery.outcome': codeOf(outcome) });
    }
  }

  /**
   * Gauges read when metrics are collected (each export interval), never on a request's path: each Graph
   * area's circuit (0 ok, 1 failing, 2 open), TAP requests by status, the outbox's depth and oldest age.
   */
  observe(sources: GaugeSources): void {
    if (!this.recording) return;
    const circuits = this.meter.createObservableGauge('mfa_bot.graph.circuit.state', {
      description: 'Each Graph area: 0 ok, 1 failing, 2 open (failing fast)',
    });
    circuits.addCallback((result) => {
      for (const a of sources.circuits()) result.observe(CIRCUIT_VALUE[a.state], { 'graph.area': a.area });
    });
    const taps = this.meter.createObservableGauge('mfa_bot.tap.requests', { description: 'TAP requests by status' });
    taps.addCallback(async (result) => {
      const counts = await sources.tapRequests().catch(() => undefined);
      for (const [status, n] of Object.entries(counts ?? {})) result.observe(n, { 'tap.status': status });
    });
    const depth = this.meter.createObservableGauge('mfa_bot.outbox.depth', {
      description: 'Outbox items still to go; paused: held for conversations the bot was removed from',
    });
    const age = this.meter.createObservableGauge('mfa_bot.outbox.oldest_age', { unit: 's', description: 'Age of the oldest item to go' });
    this.meter.addBatchObservableCallback(
      async (result) => {
        const b = await sources.outbox().catch(() => undefined);
        if (!b) return;
        result.observe(depth, b.queued, { 'outbox.lanes': 'active' });
        result.observe(depth, b.paused, { 'outbox.lanes': 'paused' });
        result.observe(age, b.oldestQueuedAt === undefined ? 0 : Math.max(0, Math.round((sources.now() - b.oldestQueuedAt) / 1000)));
      },
      [depth, age],
    );
  }

  /** Sends what is pending and stops the SDK (close() calls it); off, there is nothing to do. */
  shutdown(): Promise<void> {
    return this.stop();
  }

  private startChild(name: string, kind: SpanKind, attributes: Attributes, underTurn = true): Span {
    const parent = currentTurn.getStore();
    const context = underTurn && parent?.telemetry === this ? trace.setSpan(ROOT_CONTEXT, parent.span) : ROOT_CONTEXT;
    return this.tracer.startSpan(name, { kind, attributes }, context);
  }
}

/** `ok`, an HTTP status as text, or `no-answer` (timeout, network). */
function statusText(status: number | undefined, ok: boolean): string {
  if (ok) return 'ok';
  return status === undefined ? 'no-answer' : String(status);
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
