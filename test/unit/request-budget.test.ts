import { graphBuckets } from '../../src/graph/graph-buckets';
import { BudgetTimeout, RequestBudget, type BucketSpec } from '../../src/graph/request-budget';

const REPORTS: BucketSpec = {
  name: 'reports',
  matches: (_m, p) => /^\/reports\//i.test(p) || /^\/users\/[^/]+\/authentication\//i.test(p),
  windows: [{ limit: 5, spanMs: 10_000 }],
};

/** Windows exactly as documented, so the timings below read plainly; the bot adds slack (tested last). */
const EXACT = { factor: 1, ms: 0 };

describe('RequestBudget', () => {
  beforeEach(() => jest.useFakeTimers({ now: Date.parse('2026-12-01T10:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  const granted = () => {
    const order: string[] = [];
    return { order, mark: (name: string) => () => order.push(`${name}@${(Date.now() - Date.parse('2026-12-01T10:00:00Z')) / 1000}`) };
  };

  it('classifies absolute nextLinks and relative paths alike', () => {
    const b = new RequestBudget([REPORTS], { slack: EXACT });
    expect(b.bucketOf('GET', 'https://graph.microsoft.com/v1.0/reports/authenticationMethods/userRegistrationDetails?$skiptoken=x')).toBe(
      'reports',
    );
    expect(b.bucketOf('GET', '/users/a%40b.c/authentication/methods')).toBe('reports');
    expect(b.bucketOf('GET', '/users/a')).toBeUndefined();
  });

  it('never lets more than the limit through in any window, and serves interactive before scans', async () => {
    const b = new RequestBudget([REPORTS], { scanSpacing: 0, slack: EXACT });
    const { order, mark } = granted();
    const all = [
      ...Array.from({ length: 12 }, (_, i) => b.take('reports', 'scan').then(mark(`scan${i}`))),
      b.take('reports', 'interactive').then(mark('lookup')),
    ];
    await jest.advanceTimersByTimeAsync(0);
    // Without spacing the scan takes the window at once; the lookup was queued last but goes first when room opens.
    expect(order).toEqual(['scan0@0', 'scan1@0', 'scan2@0', 'scan3@0', 'scan4@0']);
    await jest.advanceTimersByTimeAsync(30_000);
    await Promise.all(all);
    expect(order[5]).toBe('lookup@10.001');
    const times = order.map((o) => Number(o.split('@')[1]));
    for (const t of times) expect(times.filter((u) => u >= t && u < t + 10).length).toBeLessThanOrEqual(5);
  });

  it('spaces a scan evenly just under the bucket’s pace, and keeps a slot free while people look things up', async () => {
    const b = new RequestBudget([REPORTS], { slack: EXACT });
    const { order, mark } = granted();
    for (let i = 0; i < 30; i++) void b.take('reports', 'scan').then(mark('s'));
    await jest.advanceTimersByTimeAsync(21_700);
    // Nobody else: evenly spaced, 2.16 s apart (8% under the bucket's pace), never a burst that fills a window.
    const at = order.map((o) => Number(o.split('@')[1]));
    expect(at).toHaveLength(11);
    at.forEach((t, i) => expect(Math.abs(t - 2.16 * i)).toBeLessThan(0.05));
    let lookupAt = 0;
    const t0 = Date.now();
    void b.take('reports', 'interactive').then(() => (lookupAt = Date.now()));
    await jest.advanceTimersByTimeAsync(3_000);
    expect(lookupAt - t0).toBeLessThanOrEqual(1_400);
    // From now on the scan leaves one slot per window free, so the next lookup goes at once.
    await jest.advanceTimersByTimeAsync(12_000);
    const t1 = Date.now();
    let secondAt = 0;
    void b.take('reports', 'interactive').then(() => (secondAt = Date.now()));
    await jest.advanceTimersByTimeAsync(0);
    expect(secondAt).toBe(t1);
  });

  it('never starves a scan: with none of its requests in the last window, it takes the next slot', async () => {
    const b = new RequestBudget([REPORTS], { slack: EXACT });
    let scans = 0;
    for (let i = 0; i < 5; i++) void b.take('reports', 'scan').then(() => scans++);
    // People keep the bucket full: a lookup waiting at every moment.
    let lookups = 0;
    const keepLooking = async () => {
      for (;;) {
        await b.take('reports', 'interactive');
        lookups++;
      }
    };
    void keepLooking();
    void keepLooking();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(scans).toBeGreaterThanOrEqual(5);
    expect(lookups).toBeGreaterThanOrEqual(20);
  });

  it('pauses the bucket for everyone after a 429 with Retry-After', async () => {
    const b = new RequestBudget([REPORTS], { slack: EXACT });
    b.pause('reports', Date.now() + 4_000);
    let at = 0;
    void b.take('reports', 'interactive').then(() => (at = Date.now()));
    await jest.advanceTimersByTimeAsync(3_999);
    expect(at).toBe(0);
    await jest.advanceTimersByTimeAsync(10);
    expect(at).toBeGreaterThan(0);
  });

  it('gives up after maxWaitMs, so a caller can fall back (status uses the registration snapshot)', async () => {
    const b = new RequestBudget([REPORTS], { slack: EXACT });
    for (let i = 0; i < 5; i++) await b.take('reports', 'interactive');
    const late = b.take('reports', 'interactive', 1_000);
    const outcome = late.then(
      () => 'granted',
      (e: unknown) => e,
    );
    await jest.advanceTimersByTimeAsync(1_001);
    expect(await outcome).toBeInstanceOf(BudgetTimeout);
    // The abandoned waiter does not hold a slot: the next caller gets the first one that frees.
    let at = 0;
    void b.take('reports', 'interactive').then(() => (at = Date.now()));
    await jest.advanceTimersByTimeAsync(9_100);
    expect(at).toBeGreaterThan(0);
  });

  it('queues a read with a fallback behind a running scan, even one asking after it, so the scan keeps its pace', async () => {
    const b = new RequestBudget([REPORTS], { slack: EXACT });
    const { order, mark } = granted();
    await b.take('reports', 'scan').then(mark('page0'));
    // A lookup's registration row asks first, then the scan's next page (it reads ahead once a page is in).
    const registration = b.take('reports', 'fallback', 3_000).then(mark('registration'), (e: unknown) => e);
    void b.take('reports', 'scan').then(mark('page1'));
    await jest.advanceTimersByTimeAsync(3_001);
    expect(await registration).toBeInstanceOf(BudgetTimeout);
    expect(order).toEqual(['page0@0', 'page1@2.161']);
    // With no scan waiting, the same read goes at once.
    const idle = new RequestBudget([REPORTS], { slack: EXACT });
    await expect(idle.take('reports', 'fallback', 1_000)).resolves.toBeUndefined();
  });

  it('splits a bucket between live instances: two instances take 2 of 5 each', async () => {
    let instances = 2;
    const b = new RequestBudget([REPORTS], { share: () => instances, slack: EXACT });
    let n = 0;
    for (let i = 0; i < 5; i++) void b.take('reports', 'interactive').then(() => n++);
    await jest.advanceTimersByTimeAsync(0);
    expect(n).toBe(2);
    expect(b.state()[0]).toMatchObject({ bucket: 'reports', usedInWindow: 2, capacity: 2, waiting: 3 });
    instances = 1;
    await jest.advanceTimersByTimeAsync(10_001);
    expect(n).toBe(5);
  });

  it('widens every window a little by default: Graph counts arrivals, not sends', async () => {
    const b = new RequestBudget([REPORTS]);
    for (let i = 0; i < 5; i++) await b.take('reports', 'interactive');
    let at = 0;
    const t0 = Date.now();
    void b.take('reports', 'interactive').then(() => (at = Date.now()));
    await jest.advanceTimersByTimeAsync(10_400);
    expect(at).toBe(0);
    await jest.advanceTimersByTimeAsync(200);
    expect(at - t0).toBeGreaterThanOrEqual(10_450);
  });

  it('holds a slot for a window from when Graph answered, not from the grant', async () => {
    const b = new RequestBudget([{ ...REPORTS, windows: [{ limit: 1, spanMs: 1_000 }] }], { slack: { factor: 1, ms: 0 } });
    const start = Date.now();
    const settle = await b.book('reports', 'interactive');
    // The request left half a second after its grant, as a $batch item waiting for the others' slots does.
    await jest.advanceTimersByTimeAsync(500);
    settle();
    let at = 0;
    void b.take('reports', 'interactive').then(() => (at = Date.now() - start));
    await jest.advanceTimersByTimeAsync(1_000);
    expect(at).toBe(0);
    await jest.advanceTimersByTimeAsync(600);
    expect(at).toBe(1_501);
  });

  it("a bucket's own slack and spacing replace the budget's: Teams' 30 per second, evenly, about 29 a second", async () => {
    const teams = graphBuckets().find((bucket) => bucket.name === 'teams')!;
    const b = new RequestBudget([teams]);
    let n = 0;
    for (let i = 0; i < 400; i++)
      void b.book('teams', 'background').then((settle) => {
        n++;
        settle();
      });
    await jest.advanceTimersByTimeAsync(10_000);
    // 10 s × 29.1/s, give or take a slot: the millisecond each timer fires late does not add up (it made 286).
    expect(n).toBeGreaterThanOrEqual(290);
    expect(n).toBeLessThanOrEqual(293);
    // The reports bucket keeps the budget's slack and the scans' wider spacing.
    expect(graphBuckets().find((bucket) => bucket.name === 'reports')).not.toHaveProperty('slack');
  });

  it('passes requests outside every bucket straight through', async () => {
    await expect(new RequestBudget([REPORTS]).take(undefined, 'background')).resolves.toBeUndefined();
  });
});
