import { GraphError, type Client } from '@microsoft/microsoft-graph-client';
import { systemClock, type Clock } from '../core/clock';
import { graphPriority, type GraphPriority } from '../core/graph-priority';
import { GraphFailure, type BotErrorCode } from '../domain/errors';
import type { Logger } from '../logger';
import { graphMessages } from './graph-messages';
import { permissionHint } from './permission-hints';
import { BudgetTimeout, RequestBudget, type Settle } from './request-budget';
import { areaOf, Circuits, type GraphArea } from './circuits';
import { Telemetry, type GraphCall } from '../telemetry/telemetry';

export interface GraphRequest {
  /** What we were doing, in words a helpdesk agent understands ("alice's authentication methods"). */
  part: string;
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path below the version root, or an absolute nextLink. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  body?: unknown;
  /** A tighter total time for this call than the gateway's default (e.g. inside a Teams invoke). */
  budgetMs?: number;
  /** Give up when no throttling slot frees within this time (the caller has a fallback). */
  slotWaitMs?: number;
  /** A POST that only reads (checkMemberGroups): safe to send again after an outage answer. */
  idempotent?: boolean;
  priority?: GraphPriority;
}

/** One GET inside a $batch; `path` is below the version root and may carry its query string. */
export interface BatchItem {
  id: string;
  part: string;
  path: string;
  headers?: Record<string, string>;
  slotWaitMs?: number;
  /** Overrides the batch's priority for this item (a read with a fallback can yield to one without). */
  priority?: GraphPriority;
}

export type BatchResult = { ok: true; status: number; body: unknown } | { ok: false; failure: GraphFailure };

export interface GraphOutcome {
  ok: boolean;
  at: string;
  status?: number;
  code?: string;
  part?: string;
}

export interface GatewayOptions {
  /** Total time one logical call may take, retries (and waiting for a throttling slot) included. */
  budgetMs: number;
  /** The same for scans and background work, which nobody is watching in real time. */
  patientBudgetMs: number;
  attemptTimeoutMs: number;
  maxAttempts: number;
  /** Retry waits, attempt timeouts, probes and deadlines run on this clock (scaled in tests); the wall clock by default. */
  clock: Clock;
  budget?: RequestBudget;
  circuits?: Circuits;
  /** A span per logical request and a count per attempt; off by default. */
  telemetry?: Telemetry;
}

/** Graph refused these without doing anything (429) or had an outage: a read can simply be sent again. */
const RETRYABLE = new Set([429, 503, 504, 502]);
const DEFAULTS: GatewayOptions = {
  budgetMs: 12_000,
  patientBudgetMs: 10 * 60_000,
  attemptTimeoutMs: 6_000,
  maxAttempts: 5,
  clock: systemClock,
};
const BATCH_LIMIT = 20;

/**
 * The one door to Microsoft Graph. Every request waits for a slot in its throttling bucket (by priority),
 * identical GETs in flight share one request, throttling and outages are retried within a deadline (a
 * write only when Graph says it did nothing), failures become sentences for users and advice for
 * operators, and collections are paged.
 */
export class GraphGateway {
  private readonly options: GatewayOptions;
  readonly budget: RequestBudget;
  private readonly inFlight = new Map<string, Promise<unknown>>();
  readonly circuits: Circuits;
  /** The last read of each area: what a background probe sends again to learn that Graph is back. */
  private readonly lastRead = new Map<GraphArea, GraphRequest>();
  private probeTimer: NodeJS.Timeout | undefined;
  lastOutcome: GraphOutcome | undefined;
  requestCount = 0;
  private readonly telemetry: Telemetry;

  constructor(
    private readonly client: Client,
    private readonly logger: Logger,
    options: Partial<GatewayOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.budget = options.budget ?? new RequestBudget([], { clock: this.options.clock });
    this.circuits = options.circuits ?? new Circuits(this.options.clock);
    this.telemetry = options.telemetry ?? Telemetry.off;
  }

  /** While an area's circuit is open, its last read goes again now and then (background priority) until Graph answers. */
  startProbes(everyMs = 2_000): void {
    this.probeTimer ??= this.options.clock.setInterval(() => {
      for (const area of this.circuits.due()) {
        const read = this.lastRead.get(area);
        if (read) void this.request({ ...read, priority: 'background' }).catch(() => undefined);
      }
    }, everyMs);
    this.probeTimer.unref();
  }

  stopProbes(): void {
    this.options.clock.clearInterval(this.probeTimer);
    this.probeTimer = undefined;
  }

  /** An open circuit fails the request at once, naming when Graph started failing. */
  private admit(area: GraphArea, part: string): 'go' | 'probe' {
    const verdict = this.circuits.admit(area);
    if (typeof verdict === 'object') {
      throw new GraphFailure('GRAPH_UNAVAILABLE', part, undefined, 'CircuitOpen', graphMessages.failingSince(part, verdict.openSince));
    }
    return verdict;
  }

  /** Graph answering at all (a 4xx, a 429) closes the circuit; no answer or a 5xx counts against it. */
  private observe(area: GraphArea, status: number | undefined, error: unknown): void {
    if (status !== undefined && status < 500) this.circuits.succeeded(area);
    else this.circuits.failed(area, status === undefined ? errorName(error) : `HTTP ${status}`);
  }

  request<T>(req: GraphRequest): Promise<T> {
    if ((req.method ?? 'GET') !== 'GET') return this.execute<T>(req);
    const key = JSON.stringify([req.path, req.query ?? {}, req.headers ?? {}, req.slotWaitMs ?? null]);
    const shared = this.inFlight.get(key);
    if (shared) return shared as Promise<T>;
    const p = this.execute<T>(req).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, p);
    return p;
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

  private async attempts<T>(req: GraphRequest, call: GraphCall): Promise<T> {
    const method = req.method ?? 'GET';
    const priority = req.priority ?? graphPriority();
    const bucket = this.budget.bucketOf(method, req.path);
    const area = areaOf(req.path);
    if (method === 'GET') this.lastRead.set(area, { part: req.part, path: req.path, query: req.query, headers: req.headers });
    const { now, deadline } = this.clock(priority, req.budgetMs);
    let last: { error: unknown; status: number | undefined } | undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        call.circuit(this.admit(area, req.part));
      } catch (e) {
        // The circuit opened during this request's own retries: what the user hears is what Graph said.
        throw last ? this.fail(req.part, req.path, method, last.error, last.status) : e;
      }
      let settle: Settle;
      try {
        settle = await call.slot(() => this.slot(req, bucket, priority, deadline));
      } catch (e) {
        this.circuits.released(area);
        throw e;
      }
      try {
        const timeoutMs = Math.max(1, Math.min(this.options.attemptTimeoutMs, deadline - now()));
        const result = await call.attempt(() => this.send<T>(req, timeoutMs), statusOf).finally(settle);
        this.circuits.succeeded(area);
        this.record({ ok: true, at: new Date(this.options.clock.now()).toISOString(), part: req.part });
        return result;
      } catch (error) {
        const status = statusOf(error);
        this.observe(area, status, error);
        const delay = retryDelayMs(retryAfterOf(error), attempt);
        if (status === 429) this.budget.pause(bucket, now() + delay);
        // A write that timed out or met an outage may have happened: only Graph's 429 proves it did not.
        const safe = method === 'GET' || req.idempotent === true || status === 429;
        const retryable = safe && (status === undefined || RETRYABLE.has(status));
        if (retryable && attempt < this.options.maxAttempts && now() + delay < deadline - 250) {
          this.logger.debug({ part: req.part, status, attempt, delay }, 'graph call failed; retrying');
          call.retrying(delay, status);
          last = { error, status };
          if (status !== 429 || !bucket) await this.options.clock.sleep(delay);
          continue;
        }
        throw this.fail(req.part, req.path, method, error, status);
      }
    }
  }

  /**
   * GETs sent together in `$batch` requests of at most 20. Each item takes its own throttling slot
   * (Graph counts batch items one by one); an item that gets no slot in its `slotWaitMs`, or fails for
   * good, comes back as a failure while the others succeed. Items Graph throttles are sent again.
   */
  async batch(items: BatchItem[], opts: { priority?: GraphPriority; budgetMs?: number } = {}): Promise<Map<string, BatchResult>> {
    const priority = opts.priority ?? graphPriority();
    const { now, deadline } = this.clock(priority, opts.budgetMs);
    const results = new Map<string, BatchResult>();
    const calls = new Map(
      items.map((i) => [i.id, this.telemetry.graphCall({ method: 'GET', path: i.path, area: areaOf(i.path), batched: true })]),
    );
    try {
      await this.batchRounds(items, priority, now, deadline, results, calls);
    } finally {
      for (const [id, call] of calls) {
        const r = results.get(id);
        call.end(r === undefined ? new Error('no answer') : r.ok ? undefined : r.failure);
      }
    }
    return results;
  }

  private async batchRounds(
    items: BatchItem[],
    priority: GraphPriority,
    now: () => number,
    deadline: number,
    results: Map<string, BatchResult>,
    calls: Map<string, GraphCall>,
  ): Promise<void> {
    let pending = items.map((item) => ({ item, attempt: 1 }));
    while (pending.length) {
      const admitted: Array<(typeof pending)[number] & { settle: Settle }> = [];
      await Promise.all(
        pending.map(async (p) => {
          const area = areaOf(p.item.path);
          const call = calls.get(p.item.id)!;
          try {
            call.circuit(this.admit(area, p.item.part));
            const bucket = this.budget.bucketOf('GET', p.item.path);
            const settle = await call.slot(() => this.slot(p.item, bucket, p.item.priority ?? priority, deadline, p.item.slotWaitMs));
            admitted.push({ ...p, settle });
          } catch (e) {
            if (!(e instanceof GraphFailure)) throw e;
            if (e.graphCode !== 'CircuitOpen') this.circuits.released(area);
            results.set(p.item.id, { ok: false, failure: e });
          }
        }),
      );
      const retry: typeof pending = [];
      let outage = false;
      for (let i = 0; i < admitted.length; i += BATCH_LIMIT) {
        const chunk = admitted.slice(i, i + BATCH_LIMIT);
        const sentAt = performance.now();
        const answers = await this.telemetry.graphBatch(chunk.length, () =>
          this.sendBatch(
            chunk.map((p) => p.item),
            deadline,
          ),
        );
        const roundTripMs = performance.now() - sentAt;
        // Items granted early waited for the others: Graph counted them when the batch went.
        for (const p of chunk) p.settle();
        for (const p of chunk) {
          const a = answers.get(p.item.id);
          const status = a?.status;
          calls.get(p.item.id)!.answered(status, roundTripMs);
          this.observe(areaOf(p.item.path), status, a?.error);
          if (status !== undefined && status < 400) {
            results.set(p.item.id, { ok: true, status, body: a!.body });
            this.record({ ok: true, at: new Date(this.options.clock.now()).toISOString(), part: p.item.part });
            continue;
          }
          const delay = retryDelayMs(a?.retryAfter, p.attempt);
          if (status === 429) this.budget.pause(this.budget.bucketOf('GET', p.item.path), now() + delay);
          if ((status === undefined || RETRYABLE.has(status)) && p.attempt < this.options.maxAttempts && now() + delay < deadline - 250) {
            calls.get(p.item.id)!.retrying(delay, status);
            retry.push({ item: p.item, attempt: p.attempt + 1 });
            outage ||= status !== 429;
            continue;
          }
          const error = a?.error ?? new Error('no answer for this batch item');
          results.set(p.item.id, { ok: false, failure: this.fail(p.item.part, p.item.path, 'GET', error, status) });
        }
      }
      // Throttled items wait for their bucket; after an outage answer the next round waits a moment first.
      if (outage) await this.options.clock.sleep(retryDelayMs(undefined, retry[0].attempt - 1));
      pending = retry;
    }
  }

  /**
   * Yields each page of a collection, following absolute @odata.nextLink verbatim; each page has its own
   * retries, so a 429 resumes at the same nextLink instead of restarting. With `readAhead` the next page is
   * requested as soon as the current one arrives, overlapping the caller's work with the round trip (for
   * callers that read to the end; one that stops early would waste that request).
   */
  async *pages<T>(req: GraphRequest, opts: { readAhead?: boolean } = {}): AsyncGenerator<T[]> {
    type Page = { value?: T[]; '@odata.nextLink'?: string };
    const fetchPage = (r: GraphRequest) => {
      const p = this.request<Page>(r);
      p.catch(() => undefined); // handled when awaited; an abandoned read-ahead must not be "unhandled"
      return p;
    };
    let pending: Promise<Page> | undefined = fetchPage(req);
    while (pending) {
      const page: Page = await pending;
      const link = page['@odata.nextLink'];
      const next = link ? { part: req.part, path: link, headers: req.headers, priority: req.priority } : undefined;
      pending = next && opts.readAhead ? fetchPage(next) : undefined;
      yield page.value ?? [];
      if (next && !opts.readAhead) pending = fetchPage(next);
    }
  }

  async all<T>(req: GraphRequest, limit = Number.POSITIVE_INFINITY): Promise<T[]> {
    const items: T[] = [];
    for await (const page of this.pages<T>(req)) {
      items.push(...page);
      if (items.length >= limit) break;
    }
    return items;
  }

  private clock(priority: GraphPriority, budgetMs: number | undefined): { now: () => number; deadline: number } {
    const now = () => this.options.clock.now();
    const patient = priority === 'scan' || priority === 'background';
    const total = patient ? this.options.patientBudgetMs : this.options.budgetMs;
    return { now, deadline: now() + Math.min(total, budgetMs ?? total) };
  }

  /** Waits for a throttling slot; no slot before the deadline (or `slotWaitMs`) is Graph throttling us, in effect. */
  private async slot(
    req: { part: string; path: string; slotWaitMs?: number },
    bucket: string | undefined,
    priority: GraphPriority,
    deadline: number,
    slotWaitMs = req.slotWaitMs,
  ): Promise<Settle> {
    const now = this.options.clock.now();
    try {
      return await this.budget.book(bucket, priority, Math.min(deadline - now - 250, slotWaitMs ?? Number.POSITIVE_INFINITY));
    } catch (e) {
      if (!(e instanceof BudgetTimeout)) throw e;
      this.logger.debug({ part: req.part, bucket }, 'no Graph throttling slot in time');
      const [code, sentence] = describeFailure(429, req.part);
      throw new GraphFailure(code, req.part, 429, 'BudgetTimeout', sentence, { cause: e });
    }
  }

  private async send<T>(req: GraphRequest, timeoutMs: number): Promise<T> {
    this.requestCount++;
    let call = this.client.api(req.path).option('signal', this.options.clock.timeout(timeoutMs));
    if (req.headers) call = call.headers(req.headers);
    if (req.query) {
      const q: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.query)) if (v !== undefined) q[k] = encodeURIComponent(String(v));
      call = call.query(q);
    }
    switch (req.method ?? 'GET') {
      case 'POST':
        return (await call.post(req.body ?? {})) as T;
      case 'PATCH':
        return (await call.patch(req.body ?? {})) as T;
      case 'DELETE':
        return (await call.delete()) as T;
      default:
        return (await call.get()) as T;
    }
  }

  /** One $batch round trip; a failure of the whole request leaves every item without an answer (retried). */
  private async sendBatch(items: BatchItem[], deadline: number): Promise<Map<string, BatchAnswer>> {
    const answers = new Map<string, BatchAnswer>();
    type Raw = { responses?: Array<{ id: string; status: number; headers?: Record<string, string>; body?: unknown }> };
    try {
      const res = await this.send<Raw>(
        {
          part: 'a batch of reads',
          method: 'POST',
          path: '/$batch',
          body: { requests: items.map((i) => ({ id: i.id, method: 'GET', url: i.path, ...(i.headers ? { headers: i.headers } : {}) })) },
        },
        Math.max(1, Math.min(this.options.attemptTimeoutMs, deadline - this.options.clock.now())),
      );
      for (const r of res.responses ?? []) {
        const retryAfter = Object.entries(r.headers ?? {}).find(([k]) => k.toLowerCase() === 'retry-after')?.[1];
        const body = r.body as { error?: { code?: string; message?: string } } | undefined;
        const error =
          r.status >= 400 ? Object.assign(new Error(body?.error?.message ?? `HTTP ${r.status}`), { code: body?.error?.code }) : undefined;
        answers.set(r.id, { status: r.status, body: r.body, retryAfter, error });
      }
    } catch (error) {
      const status = statusOf(error);
      for (const i of items) answers.set(i.id, { status, error, retryAfter: retryAfterOf(error) });
    }
    return answers;
  }

  private record(outcome: GraphOutcome): void {
    this.lastOutcome = outcome;
  }

  private fail(part: string, path: string, method: string, error: unknown, status: number | undefined): GraphFailure {
    const graphCode =
      error instanceof GraphError ? (error.code ?? undefined) : ((error as { code?: string } | undefined)?.code ?? undefined);
    this.record({ ok: false, at: new Date(this.options.clock.now()).toISOString(), status, code: graphCode, part });
    const [code, sentence] = describeFailure(status, part);
    const log = { part, path: redactPath(path), status, graphCode, requestId: (error as GraphError)?.requestId };
    if (status === 403 || status === 401) {
      this.logger.error({ ...log, fix: permissionHint(path, method) }, 'graph refused the call');
    } else if (status !== 404 && status !== 409) {
      // 404 and 409 (already there) are answers the caller acts on, not failures to warn about.
      this.logger.warn({ ...log, err: error }, 'graph call failed');
    }
    return new GraphFailure(code, part, status, graphCode, sentence, { cause: error });
  }
}

interface BatchAnswer {
  status: number | undefined;
  body?: unknown;
  retryAfter?: string;
  error?: unknown;
}

function statusOf(error: unknown): number | undefined {
  if (error instanceof GraphError && error.statusCode > 0) return error.statusCode;
  return undefined; // network error, timeout or abort
}

function retryAfterOf(error: unknown): string | undefined {
  return error instanceof GraphError ? (error.headers?.get('Retry-After') ?? undefined) : undefined;
}

function retryDelayMs(retryAfter: string | undefined, attempt: number): number {
  const seconds = retryAfter ? Number(retryAfter) : NaN;
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const base = Math.min(4000, 400 * 2 ** (attempt - 1));
  return base / 2 + Math.random() * (base / 2);
}

/** The code and the user's sentence for a call that failed with `status` (undefined: no answer). */
export function describeFailure(status: number | undefined, part: string): [BotErrorCode, string] {
  if (status === undefined) return ['GRAPH_UNAVAILABLE', graphMessages.noAnswer(part)];
  if (status === 429) return ['GRAPH_THROTTLED', graphMessages.throttled(part)];
  if (status === 401 || status === 403) return ['GRAPH_FORBIDDEN', graphMessages.forbidden(part)];
  if (status === 404) return ['GRAPH_NOT_FOUND', graphMessages.notFound(part)];
  if (status === 400) return ['GRAPH_BAD_REQUEST', graphMessages.badRequest(part)];
  return ['GRAPH_UNAVAILABLE', graphMessages.failed(part, status)];
}

/** UPNs in paths are personal data; keep only the shape for logs. */
function redactPath(path: string): string {
  return path.replace(/[^/?]+@[^/?]+/g, '{upn}');
}

function errorName(error: unknown): string {
  const e = error as { name?: string; body?: { type?: string; message?: string } } | undefined;
  return e?.body?.message ? `no answer (${e.body.message})` : 'no answer';
}
