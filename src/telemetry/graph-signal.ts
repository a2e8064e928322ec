import { SpanKind, SpanStatusCode, type Counter, type Histogram, type Meter, type Span, type Tracer } from '@opentelemetry/api';
import { codeOf } from './bounded-values';
import { graphPathShape } from './graph-path';
import { startSpanUnderTurn, type CommandRecorder } from './turn-scope';

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

/** What a GraphCall is while telemetry is off: the calls go through, nothing is recorded. */
export const NOOP_GRAPH_CALL: GraphCall = {
  circuit: () => undefined,
  slot: (wait) => wait(),
  attempt: (send) => send(),
  answered: () => undefined,
  retrying: () => undefined,
  end: () => undefined,
};

/** `ok`, an HTTP status as text, or `no-answer` (timeout, network). */
function statusText(status: number | undefined, ok: boolean): string {
  if (ok) return 'ok';
  return status === undefined ? 'no-answer' : String(status);
}

/** Graph calls: a client span per logical request (a child of the turn that asked, if any) and a count per attempt. */
export class GraphSignal {
  private readonly calls: Counter;
  private readonly duration: Histogram;

  constructor(
    private readonly owner: CommandRecorder,
    private readonly tracer: Tracer,
    meter: Meter,
  ) {
    this.calls = meter.createCounter('mfa_bot.graph.calls', {
      description: 'Microsoft Graph requests (each attempt, each batch item) by area and status',
    });
    this.duration = meter.createHistogram('mfa_bot.graph.call.duration', { unit: 'ms', description: 'Graph round trips' });
  }

  call(facts: GraphCallFacts): GraphCall {
    const span = startSpanUnderTurn(this.owner, this.tracer, `graph ${facts.method}`, SpanKind.CLIENT, {
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
      this.calls.add(1, { 'graph.area': facts.area, 'http.request.method': facts.method, 'graph.status': status });
      if (ms !== undefined) this.duration.record(ms, { 'graph.area': facts.area, 'graph.status': status });
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
        endCallSpan(span, f, { status, attempts, throttled, waitedMs, circuit });
      },
    };
  }

  /** A span for a `$batch` round trip (its items have their own spans). */
  async batch<T>(items: number, send: () => Promise<T>): Promise<T> {
    const span = startSpanUnderTurn(this.owner, this.tracer, 'graph POST $batch', SpanKind.CLIENT, {
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
}

/** What the request came to, on its span: status, attempts, throttling, the wait for a slot, the circuit. */
function endCallSpan(
  span: Span,
  f: { status?: number; graphCode?: string; code?: string; name?: string } | undefined,
  o: { status: string; attempts: number; throttled: boolean; waitedMs: number; circuit: string },
): void {
  span.setAttributes({
    'graph.status': o.status,
    'graph.attempts': o.attempts,
    'graph.throttled': o.throttled,
    'graph.budget_wait_ms': Math.round(o.waitedMs),
    'graph.circuit': o.circuit,
  });
  if (f?.status !== undefined && f.graphCode !== 'BudgetTimeout') span.setAttribute('http.response.status_code', f.status);
  if (f) {
    span.setAttribute('error.type', codeOf(f.graphCode ?? f.code ?? f.name));
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}
