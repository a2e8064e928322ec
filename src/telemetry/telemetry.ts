import { createNoopMeter, ProxyTracerProvider, type Meter, type Tracer } from '@opentelemetry/api';
import { DeliverySignal, type DeliveryFacts } from './delivery-signal';
import { observeGauges, type GaugeSources } from './gauges';
import { GraphSignal, NOOP_GRAPH_CALL, type GraphCall, type GraphCallFacts } from './graph-signal';
import type { CommandNote, CommandOutcome, CommandRecorder } from './turn-scope';
import { TurnSignal, type TurnFacts } from './turn-signal';

export type { CommandNote, CommandOutcome } from './turn-scope';
export type { GaugeSources } from './gauges';
export type { GraphCall, GraphCallFacts } from './graph-signal';
export { noteCardAction, noteCommand, type TurnFacts } from './turn-signal';

/**
 * The bot's traces and metrics, through @opentelemetry/api only: the SDK and its exporters live in
 * start-telemetry.ts and are loaded only when an exporter is configured. Off (the default), every hook
 * here is a boolean check and a direct call; nothing is recorded or sent.
 *
 * What is recorded is decided in the four signals beside this file, and nowhere else, from bounded values
 * (bounded-values.ts): turns (turn-signal.ts), Graph calls (graph-signal.ts), deliveries (delivery-signal.ts)
 * and gauges (gauges.ts).
 */

export type TelemetryMode = 'off' | 'otlp' | 'azure-monitor' | 'otlp+azure-monitor';

export class Telemetry implements CommandRecorder {
  /** Telemetry off: @opentelemetry/api's no-op tracer and meter, and hooks that only call through. */
  static readonly off = new Telemetry('off', new ProxyTracerProvider().getTracer('mfa-bot'), createNoopMeter());

  readonly recording: boolean;
  private readonly turns: TurnSignal;
  private readonly graph: GraphSignal;
  private readonly deliveries: DeliverySignal;

  constructor(
    readonly mode: TelemetryMode,
    tracer: Tracer,
    private readonly meter: Meter,
    private readonly stop: () => Promise<void> = async () => undefined,
  ) {
    this.recording = mode !== 'off';
    this.turns = new TurnSignal(this, tracer, meter);
    this.graph = new GraphSignal(this, tracer, meter);
    this.deliveries = new DeliverySignal(this, tracer, meter);
  }

  /** A span for one incoming turn; deeper layers add the command and its outcome through noteCommand. */
  async turn<T>(activity: TurnFacts, run: () => Promise<T>): Promise<T> {
    return this.recording ? this.turns.record(activity, run) : run();
  }

  command(source: 'message' | 'card', name: string, outcome: CommandOutcome, note: CommandNote = {}): void {
    if (this.recording) this.turns.command(source, name, outcome, note);
  }

  /** One logical Graph request: a client span (a child of the turn that asked, if any) and a count per attempt. */
  graphCall(facts: GraphCallFacts): GraphCall {
    return this.recording ? this.graph.call(facts) : NOOP_GRAPH_CALL;
  }

  /** A span for a `$batch` round trip (its items have their own spans). */
  async graphBatch<T>(items: number, send: () => Promise<T>): Promise<T> {
    return this.recording ? this.graph.batch(items, send) : send();
  }

  /** A span per outbox delivery, and a count by kind and outcome. */
  async delivery<O extends string>(facts: DeliveryFacts, run: () => Promise<O>): Promise<O> {
    return this.recording ? this.deliveries.record(facts, run) : run();
  }

  /** The gauges (gauges.ts), read when metrics are collected. */
  observe(sources: GaugeSources): void {
    if (this.recording) observeGauges(this.meter, sources);
  }

  /** Sends what is pending and stops the SDK (close() calls it); off, there is nothing to do. */
  shutdown(): Promise<void> {
    return this.stop();
  }
}
