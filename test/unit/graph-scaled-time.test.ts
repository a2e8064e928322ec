import { GraphError, type Client } from '@microsoft/microsoft-graph-client';
import { scaledClock, type Clock } from '../../src/core/clock';
import { GraphFailure } from '../../src/domain/errors';
import { Circuits } from '../../src/graph/circuits';
import { GraphGateway } from '../../src/graph/graph-gateway';
import { createLogger } from '../../src/logger';
import { BudgetTimeout, RequestBudget, type BucketSpec } from '../../src/graph/request-budget';

/**
 * Graph's waits are seconds long (a 10 s throttling window, Retry-After, a 6 s attempt timeout, a 10 s circuit
 * cool-down); the suite runs them in scaled time. Each wait below would take seconds on the wall clock and takes
 * a fiftieth of that on scaledClock(50), with the clock's own now() moving on by the full wait.
 */
const SCALE = 50;
const REPORTS: BucketSpec = { name: 'reports', matches: (_m, p) => p.startsWith('/reports/'), windows: [{ limit: 1, spanMs: 10_000 }] };
const EXACT = { factor: 1, ms: 0 };
const logger = createLogger('silent');

/** Real and clock milliseconds that `work` took. */
async function timed<T>(clock: Clock, work: () => Promise<T>): Promise<{ result: T; realMs: number; clockMs: number }> {
  const [real0, clock0] = [performance.now(), clock.now()];
  const result = await work();
  return { result, realMs: performance.now() - real0, clockMs: clock.now() - clock0 };
}

type Answer = (signal: AbortSignal) => Promise<unknown>;

/** A Graph client that answers each request with the next scripted answer, and counts what was sent. */
function scriptedClient(answers: Answer[]): { client: Client; sent: string[] } {
  const sent: string[] = [];
  const api = (path: string) => {
    let signal = new AbortController().signal;
    const send = () => {
      sent.push(path);
      const answer = answers.shift();
      if (!answer) throw new Error(`no answer scripted for request ${sent.length} (${path})`);
      return answer(signal);
    };
    const request = {
      option: (key: string, value: AbortSignal) => ((signal = key === 'signal' ? value : signal), request),
      headers: () => request,
      query: () => request,
      get: send,
    };
    return request;
  };
  return { client: { api } as unknown as Client, sent };
}

const ok =
  (body: unknown): Answer =>
  async () =>
    body;
const refused =
  (status: number, retryAfterSeconds?: number): Answer =>
  async () => {
    const e = new GraphError(status, `HTTP ${status}`);
    if (retryAfterSeconds !== undefined) e.headers = new Headers({ 'Retry-After': String(retryAfterSeconds) });
    throw e;
  };
/** Never answers; gives up only when the attempt's signal aborts. */
const silent: Answer = (signal) =>
  new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted', { cause: signal.reason }))));

describe('Graph waits on the injected clock', () => {
  it('frees a 10 s throttling window in about 200 ms under scaledClock(50)', async () => {
    const clock = scaledClock(SCALE);
    const budget = new RequestBudget([REPORTS], { clock, slack: EXACT });
    await budget.take('reports', 'interactive');
    const { realMs, clockMs } = await timed(clock, () => budget.take('reports', 'interactive'));
    expect(clockMs).toBeGreaterThanOrEqual(9_900);
    // About 200 ms: the clock's 10 s at 50 times the wall clock's pace (less what passed since the first slot).
    expect(realMs).toBeGreaterThan(100);
    expect(realMs).toBeLessThan(2_000);
  });

  it('gives up on a slot after maxWaitMs of the clock’s time', async () => {
    const clock = scaledClock(SCALE);
    const budget = new RequestBudget([REPORTS], { clock, slack: EXACT });
    await budget.take('reports', 'interactive');
    const { result, realMs, clockMs } = await timed(clock, () => budget.take('reports', 'interactive', 5_000).catch((e: unknown) => e));
    expect(result).toBeInstanceOf(BudgetTimeout);
    expect(clockMs).toBeGreaterThanOrEqual(4_900);
    expect(realMs).toBeLessThan(2_000);
  });

  it('waits out a Retry-After of 10 s before sending a read again', async () => {
    const clock = scaledClock(SCALE);
    const { client, sent } = scriptedClient([refused(503, 10), ok({ id: 'alice' })]);
    // Every real millisecond of work is 50 on this clock: a roomier budget than the interactive 12 s.
    const gateway = new GraphGateway(client, logger, { clock, budgetMs: 30_000 });
    const { result, realMs, clockMs } = await timed(clock, () => gateway.request({ part: "alice's profile", path: '/users/alice' }));
    expect(result).toEqual({ id: 'alice' });
    expect(sent).toEqual(['/users/alice', '/users/alice']);
    expect(clockMs).toBeGreaterThanOrEqual(10_000);
    expect(realMs).toBeLessThan(2_000);
  });

  it('pauses a bucket Graph throttled for the Retry-After, on the budget’s clock', async () => {
    const clock = scaledClock(SCALE);
    const budget = new RequestBudget([{ ...REPORTS, windows: [{ limit: 100, spanMs: 10_000 }] }], { clock, slack: EXACT });
    const { client, sent } = scriptedClient([refused(429, 10), ok({ value: [] })]);
    const gateway = new GraphGateway(client, logger, { clock, budget, budgetMs: 30_000 });
    const { result, realMs, clockMs } = await timed(clock, () => gateway.request({ part: 'the report', path: '/reports/x' }));
    expect(result).toEqual({ value: [] });
    expect(sent).toHaveLength(2);
    expect(clockMs).toBeGreaterThanOrEqual(10_000);
    expect(realMs).toBeLessThan(2_000);
  });

  it('times an attempt out after attemptTimeoutMs of the clock’s time', async () => {
    const clock = scaledClock(SCALE);
    const { client } = scriptedClient([silent]);
    const gateway = new GraphGateway(client, logger, { clock, maxAttempts: 1, attemptTimeoutMs: 6_000 });
    const { result, realMs, clockMs } = await timed(clock, () =>
      gateway.request({ part: "alice's profile", path: '/users/alice' }).catch((e: unknown) => e),
    );
    expect(result).toBeInstanceOf(GraphFailure);
    expect(result).toMatchObject({ code: 'GRAPH_UNAVAILABLE', status: undefined });
    expect(clockMs).toBeGreaterThanOrEqual(5_900);
    expect(realMs).toBeLessThan(2_000);
  });

  it('probes an open circuit after its 10 s cool-down and closes it when Graph answers', async () => {
    const clock = scaledClock(SCALE);
    const circuits = new Circuits(clock, { failuresToOpen: 1, openMs: 10_000 });
    const { client, sent } = scriptedClient([refused(503), ok({ id: 'alice' })]);
    const gateway = new GraphGateway(client, logger, { clock, circuits, maxAttempts: 1 });
    await expect(gateway.request({ part: "alice's profile", path: '/users/alice' })).rejects.toBeInstanceOf(GraphFailure);
    expect(circuits.isOpen('directory')).toBe(true);
    gateway.startProbes(2_000);
    try {
      const { realMs, clockMs } = await timed(clock, async () => {
        const giveUpAt = performance.now() + 5_000;
        while (circuits.isOpen('directory') && performance.now() < giveUpAt) await new Promise((r) => setTimeout(r, 5));
      });
      expect(circuits.isOpen('directory')).toBe(false);
      expect(sent).toEqual(['/users/alice', '/users/alice']);
      expect(clockMs).toBeGreaterThanOrEqual(9_000);
      expect(realMs).toBeLessThan(2_000);
    } finally {
      gateway.stopProbes();
    }
  });
});
