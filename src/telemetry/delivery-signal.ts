import { SpanKind, SpanStatusCode, type Counter, type Meter, type Tracer } from '@opentelemetry/api';
import { codeOf } from './bounded-values';
import { currentTurn, startSpanUnderTurn, type CommandRecorder } from './turn-scope';

export interface DeliveryFacts {
  kind: string;
  target: string;
  attempts: number;
}

/** Deliveries: a span per outbox delivery, and a count by kind and outcome. */
export class DeliverySignal {
  private readonly deliveries: Counter;

  constructor(
    private readonly owner: CommandRecorder,
    private readonly tracer: Tracer,
    meter: Meter,
  ) {
    this.deliveries = meter.createCounter('mfa_bot.deliveries', { description: 'Outbox deliveries by kind and outcome' });
  }

  async record<O extends string>(facts: DeliveryFacts, run: () => Promise<O>): Promise<O> {
    const kind = codeOf(facts.kind);
    // Sent from a turn (a TAP card): part of that turn. Sent by the worker: a trace of its own, even when the
    // worker's pass was kicked by a turn that has ended since (timers keep the context they were set in).
    const turn = currentTurn.getStore();
    const span = startSpanUnderTurn(
      this.owner,
      this.tracer,
      'outbox delivery',
      SpanKind.PRODUCER,
      { 'delivery.kind': kind, 'delivery.target': codeOf(facts.target), 'delivery.attempts': facts.attempts },
      turn !== undefined && !turn.ended,
    );
    let outcome = 'failed';
    try {
      outcome = await currentTurn.run({ telemetry: this.owner, span, notes: {}, ended: false }, run);
      return outcome as O;
    } finally {
      span.setAttribute('delivery.outcome', codeOf(outcome));
      if (outcome === 'failed') span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      this.deliveries.add(1, { 'delivery.kind': kind, 'delivery.outcome': codeOf(outcome) });
    }
  }
}
