import type { Clock } from '../core/clock';
import { graphPriority, type GraphPriority } from '../core/graph-priority';
import { GraphFailure } from '../domain/errors';
import type { GraphCall, Telemetry } from '../telemetry/telemetry';
import type { CircuitGuard } from './circuit-guard';
import { areaOf } from './circuits';
import { retryAfterOf, statusOf, type GraphOutcomes } from './graph-outcomes';
import type { BatchItem, BatchResult } from './graph-request';
import type { GraphSender } from './graph-sender';
import type { RequestBudget, Settle } from './request-budget';
import { retryDelayMs, type RetryPolicy } from './retry-policy';
import type { ThrottlingSlots } from './throttling-slot';

/** Graph takes at most 20 requests in one $batch. */
const BATCH_LIMIT = 20;

/** What a batch shares with the gateway's single requests. */
export interface BatchParts {
  clock: Clock;
  budget: RequestBudget;
  guard: CircuitGuard;
  slots: ThrottlingSlots;
  retries: RetryPolicy;
  sender: GraphSender;
  outcomes: GraphOutcomes;
  telemetry: Telemetry;
}

interface BatchAnswer {
  status: number | undefined;
  body?: unknown;
  retryAfter?: string;
  error?: unknown;
}

type Pending = { item: BatchItem; attempt: number };
type Admitted = Pending & { settle: Settle };

/** One call to GraphBatch.read: what every round of it needs. */
interface Run {
  priority: GraphPriority;
  deadline: number;
  results: Map<string, BatchResult>;
  calls: Map<string, GraphCall>;
}

/**
 * GETs sent together in `$batch` requests of at most 20. Each item takes its own throttling slot (Graph counts
 * batch items one by one); an item that gets no slot in its `slotWaitMs`, or fails for good, comes back as a
 * failure while the others succeed. Items Graph throttles, or could not answer, go again in the next round.
 */
export class GraphBatch {
  constructor(private readonly parts: BatchParts) {}

  async read(items: BatchItem[], opts: { priority?: GraphPriority; budgetMs?: number } = {}): Promise<Map<string, BatchResult>> {
    const priority = opts.priority ?? graphPriority();
    const run: Run = {
      priority,
      deadline: this.parts.retries.deadline(priority, opts.budgetMs),
      results: new Map(),
      calls: new Map(
        items.map((i) => [i.id, this.parts.telemetry.graphCall({ method: 'GET', path: i.path, area: areaOf(i.path), batched: true })]),
      ),
    };
    try {
      await this.rounds(run, items);
    } finally {
      for (const [id, call] of run.calls) {
        const r = run.results.get(id);
        call.end(r === undefined ? new Error('no answer') : r.ok ? undefined : r.failure);
      }
    }
    return run.results;
  }

  private async rounds(run: Run, items: BatchItem[]): Promise<void> {
    let pending: Pending[] = items.map((item) => ({ item, attempt: 1 }));
    while (pending.length) {
      const admitted = await this.admit(run, pending);
      const retry: Pending[] = [];
      let outage = false;
      for (let i = 0; i < admitted.length; i += BATCH_LIMIT) {
        const round = await this.sendChunk(run, admitted.slice(i, i + BATCH_LIMIT));
        retry.push(...round.retry);
        outage ||= round.outage;
      }
      // Throttled items wait for their bucket; after an outage answer the next round waits a moment first.
      if (outage) await this.parts.clock.sleep(retryDelayMs(undefined, retry[0].attempt - 1));
      pending = retry;
    }
  }

  /** Each item past its circuit and into a throttling slot, in the order slots are granted; the rest fail here. */
  private async admit(run: Run, pending: Pending[]): Promise<Admitted[]> {
    const admitted: Admitted[] = [];
    await Promise.all(
      pending.map(async (p) => {
        const area = areaOf(p.item.path);
        const call = run.calls.get(p.item.id)!;
        try {
          call.circuit(this.parts.guard.admit(area, p.item.part));
          const bucket = this.parts.budget.bucketOf('GET', p.item.path);
          const settle = await call.slot(() => this.parts.slots.book(p.item, bucket, p.item.priority ?? run.priority, run.deadline));
          admitted.push({ ...p, settle });
        } catch (e) {
          if (!(e instanceof GraphFailure)) throw e;
          if (e.graphCode !== 'CircuitOpen') this.parts.guard.circuits.released(area);
          run.results.set(p.item.id, { ok: false, failure: e });
        }
      }),
    );
    return admitted;
  }

  /** One $batch of admitted items; each answer becomes a result, a failure, or an item for the next round. */
  private async sendChunk(run: Run, chunk: Admitted[]): Promise<{ retry: Pending[]; outage: boolean }> {
    const sentAt = performance.now();
    const answers = await this.parts.telemetry.graphBatch(chunk.length, () =>
      this.post(
        chunk.map((p) => p.item),
        run.deadline,
      ),
    );
    const roundTripMs = performance.now() - sentAt;
    // Items granted early waited for the others: Graph counted them when the batch went.
    for (const p of chunk) p.settle();
    const retry: Pending[] = [];
    let outage = false;
    for (const p of chunk) {
      const a = answers.get(p.item.id);
      const status = a?.status;
      const call = run.calls.get(p.item.id)!;
      call.answered(status, roundTripMs);
      this.parts.guard.observe(areaOf(p.item.path), status, a?.error);
      if (status !== undefined && status < 400) {
        run.results.set(p.item.id, { ok: true, status, body: a!.body });
        this.parts.outcomes.succeeded(p.item.part);
        continue;
      }
      const bucket = this.parts.budget.bucketOf('GET', p.item.path);
      const delay = this.parts.retries.next({ status, retryAfter: a?.retryAfter, attempt: p.attempt, bucket, safe: true }, run.deadline);
      if (delay !== undefined) {
        call.retrying(delay, status);
        retry.push({ item: p.item, attempt: p.attempt + 1 });
        outage ||= status !== 429;
        continue;
      }
      const error = a?.error ?? new Error('no answer for this batch item');
      run.results.set(p.item.id, { ok: false, failure: this.parts.outcomes.failed(p.item.part, p.item.path, 'GET', error, status) });
    }
    return { retry, outage };
  }

  /** One $batch round trip; a failure of the whole request leaves every item without an answer (retried). */
  private async post(items: BatchItem[], deadline: number): Promise<Map<string, BatchAnswer>> {
    const answers = new Map<string, BatchAnswer>();
    type Raw = { responses?: Array<{ id: string; status: number; headers?: Record<string, string>; body?: unknown }> };
    try {
      const res = await this.parts.sender.send<Raw>(
        {
          part: 'a batch of reads',
          method: 'POST',
          path: '/$batch',
          body: { requests: items.map((i) => ({ id: i.id, method: 'GET', url: i.path, ...(i.headers ? { headers: i.headers } : {}) })) },
        },
        deadline,
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
}
