import type { Client } from '@microsoft/microsoft-graph-client';
import { systemClock, type Clock } from '../core/clock';
import { graphPriority, type GraphPriority } from '../core/graph-priority';
import type { Logger } from '../logger';
import { Telemetry, type GraphCall } from '../telemetry/telemetry';
import { CircuitGuard } from './circuit-guard';
import { areaOf, Circuits } from './circuits';
import { GraphBatch } from './graph-batch';
import { GraphOutcomes, retryAfterOf, statusOf } from './graph-outcomes';
import { readAll, readPages } from './graph-paging';
import type { BatchItem, BatchResult, GraphOutcome, GraphRequest } from './graph-request';
import { GraphSender } from './graph-sender';
import { IdenticalReads } from './identical-reads';
import { RequestBudget, type Settle } from './request-budget';
import { RetryPolicy, type RetryLimits } from './retry-policy';
import { ThrottlingSlots } from './throttling-slot';

export { describeFailure } from './graph-outcomes';
export type { BatchItem, BatchResult, GraphOutcome, GraphRequest } from './graph-request';

export interface GatewayOptions extends RetryLimits {
  attemptTimeoutMs: number;
  /** Retry waits, attempt timeouts, probes and deadlines run on this clock (scaled in tests); the wall clock by default. */
  clock: Clock;
  budget?: RequestBudget;
  circuits?: Circuits;
  /** A span per logical request and a count per attempt; off by default. */
  telemetry?: Telemetry;
}

const DEFAULTS: GatewayOptions = {
  budgetMs: 12_000,
  patientBudgetMs: 10 * 60_000,
  attemptTimeoutMs: 6_000,
  maxAttempts: 5,
  clock: systemClock,
};

/**
 * The one door to Microsoft Graph. Every request waits for a slot in its throttling bucket (by priority),
 * identical GETs in flight share one request, throttling and outages are retried within a deadline (a
 * write only when Graph says it did nothing), failures become sentences for users and advice for
 * operators, and collections are paged. Each of those jobs is a module of its own; this class puts them in order.
 */
export class GraphGateway {
  readonly budget: RequestBudget;
  readonly circuits: Circuits;
  private readonly clock: Clock;
  private readonly telemetry: Telemetry;
  private readonly reads = new IdenticalReads();
  private readonly guard: CircuitGuard;
  private readonly slots: ThrottlingSlots;
  private readonly retries: RetryPolicy;
  private readonly sender: GraphSender;
  private readonly outcomes: GraphOutcomes;
  private readonly batches: GraphBatch;

  constructor(
    client: Client,
    private readonly logger: Logger,
    options: Partial<GatewayOptions> = {},
  ) {
    const o = { ...DEFAULTS, ...options };
    this.clock = o.clock;
    this.budget = o.budget ?? new RequestBudget([], { clock: o.clock });
    this.circuits = o.circuits ?? new Circuits(o.clock);
    this.telemetry = o.telemetry ?? Telemetry.off;
    this.guard = new CircuitGuard(this.circuits, o.clock);
    this.slots = new ThrottlingSlots(this.budget, logger, o.clock);
    this.retries = new RetryPolicy(this.budget, o.clock, o);
    this.sender = new GraphSender(client, o.clock, o.attemptTimeoutMs);
    this.outcomes = new GraphOutcomes(logger, o.clock);
    const { budget, guard, slots, retries, sender, outcomes, telemetry } = this;
    this.batches = new GraphBatch({ clock: o.clock, budget, guard, slots, retries, sender, outcomes, telemetry });
  }

  /** How the last Graph call ended (for /healthz). */
  get lastOutcome(): GraphOutcome | undefined {
    return this.outcomes.last;
  }

  /** Round trips sent (a $batch counts once). */
  get requestCount(): number {
    return this.sender.requestCount;
  }

  /** While an area's circuit is open, its last read goes again now and then (background priority) until Graph answers. */
  startProbes(everyMs = 2_000): void {
    this.guard.startProbes(everyMs, (read) => this.request({ ...read, priority: 'background' }));
  }

  stopProbes(): void {
    this.guard.stopProbes();
  }

  request<T>(req: GraphRequest): Promise<T> {
    return this.reads.share(req, () => this.execute<T>(req));
  }

  /** GETs sent together in `$batch` requests: see GraphBatch. */
  batch(items: BatchItem[], opts: { priority?: GraphPriority; budgetMs?: number } = {}): Promise<Map<string, BatchResult>> {
    return this.batches.read(items, opts);
  }

  /** Each page of a collection in turn: see readPages. */
  pages<T>(req: GraphRequest, opts: { readAhead?: boolean } = {}): AsyncGenerator<T[]> {
    return readPages<T>((r) => this.request(r), req, opts);
  }

  all<T>(req: GraphRequest, limit = Number.POSITIVE_INFINITY): Promise<T[]> {
    return readAll(this.pages<T>(req), limit);
  }

  private async execute<T>(req: GraphRequest): Promise<T> {
    const call = this.telemetry.graphCall({ method: req.method ?? 'GET', path: req.path, area: areaOf(req.path) });
    try {
      const result = await this.attempts<T>(req, call);
      call.end();
      return result;
    } catch (e) {
      call.end(e);
      throw e;
    }
  }

  /** 1. past the area's circuit, 2. into a throttling slot, 3. one round trip, 4. on failure: again, or give up. */
  private async attempts<T>(req: GraphRequest, call: GraphCall): Promise<T> {
    const method = req.method ?? 'GET';
    const priority = req.priority ?? graphPriority();
    const bucket = this.budget.bucketOf(method, req.path);
    const area = areaOf(req.path);
    this.guard.remember(req);
    const deadline = this.retries.deadline(priority, req.budgetMs);
    let last: { error: unknown; status: number | undefined } | undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        call.circuit(this.guard.admit(area, req.part));
      } catch (e) {
        // The circuit opened during this request's own retries: what the user hears is what Graph said.
        throw last ? this.outcomes.failed(req.part, req.path, method, last.error, last.status) : e;
      }
      let settle: Settle;
      try {
        settle = await call.slot(() => this.slots.book(req, bucket, priority, deadline));
      } catch (e) {
        this.circuits.released(area);
        throw e;
      }
      try {
        const result = await call.attempt(() => this.sender.send<T>(req, deadline), statusOf).finally(settle);
        this.circuits.succeeded(area);
        this.outcomes.succeeded(req.part);
        return result;
      } catch (error) {
        const status = statusOf(error);
        this.guard.observe(area, status, error);
        const safe = method === 'GET' || req.idempotent === true;
        const delay = this.retries.next({ status, retryAfter: retryAfterOf(error), attempt, bucket, safe }, deadline);
        if (delay === undefined) throw this.outcomes.failed(req.part, req.path, method, error, status);
        this.logger.debug({ part: req.part, status, attempt, delay }, 'graph call failed; retrying');
        call.retrying(delay, status);
        last = { error, status };
        // A 429 paused the bucket, so the wait for the next slot is the wait; outside a bucket, and after an outage, wait here.
        if (status !== 429 || !bucket) await this.clock.sleep(delay);
      }
    }
  }
}
