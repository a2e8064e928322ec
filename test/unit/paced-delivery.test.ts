import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { scaledClock } from '../../src/core/clock';
import { PacedSender } from '../../src/delivery/paced-sender';
import { RateLimiter, TENANT_WINDOWS, THREAD_WINDOWS, type Window } from '../../src/delivery/rate-limiter';
import { NotifyError } from '../../src/ports/notifier';
import { SqliteStore } from '../../src/storage/sqlite/sqlite-store';

/** Max events in any window of `spanMs` (sliding), over sorted times. */
function maxInWindow(times: number[], spanMs: number): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= spanMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe('RateLimiter', () => {
  it('never books more than Teams allows in any window, per thread and per tenant', () => {
    const limiter = new RateLimiter(1);
    const thread: number[] = [];
    for (let n = 0; n < 200; n++) thread.push(limiter.reserve([{ key: 't', windows: THREAD_WINDOWS }], 0));
    for (const w of THREAD_WINDOWS) expect(maxInWindow(thread, w.spanMs)).toBeLessThanOrEqual(w.limit);
    // 7 in the first second, then 8 per 2 s, then 60 per 30 s binds.
    expect(thread.slice(0, 7).every((t) => t === 0)).toBe(true);
    expect(thread[60]).toBeGreaterThanOrEqual(30_000);

    const tenant: number[] = [];
    for (let n = 0; n < 500; n++)
      tenant.push(
        limiter.reserve(
          [
            { key: 'tenant', windows: TENANT_WINDOWS },
            { key: `thread-${n}`, windows: THREAD_WINDOWS },
          ],
          0,
        ),
      );
    expect(maxInWindow(tenant, 1000)).toBeLessThanOrEqual(50);
    expect(tenant[499]).toBe(9980); // 50/s, evenly spaced (20 ms apart) so jitter can't squeeze 51 into a second
  });

  it('a margin stretches windows', () => {
    const w: Window[] = [{ limit: 2, spanMs: 1000 }];
    const limiter = new RateLimiter(1.05);
    expect([0, 1, 2, 3].map(() => limiter.reserve([{ key: 'k', windows: w }], 0))).toEqual([0, 0, 1050, 1050]);
  });
});

describe('PacedSender', () => {
  const logger = pino({ level: 'silent' });
  const sleeps: number[] = [];
  const sender = () => new PacedSender(logger, { sleep: async (ms) => void sleeps.push(ms), now: () => 0, backoffBaseMs: 100 });
  beforeEach(() => (sleeps.length = 0));

  it('retries 429 with Retry-After plus jitter, and 412/502/503/504 with backoff', async () => {
    const errors = [
      new NotifyError(429, 'Throttled', 2000, 'x'),
      new NotifyError(412, 'PreconditionFailed', undefined, 'x'),
      new NotifyError(503, undefined, undefined, 'x'),
    ];
    let calls = 0;
    const s = sender();
    await expect(
      s.send({ thread: 't', tenant: 'x' }, async () => {
        const e = errors[calls++];
        if (e) throw e;
        return 'ok';
      }),
    ).resolves.toBe('ok');
    expect(calls).toBe(4);
    const retrySleeps = sleeps.filter((ms) => ms >= 100); // the rest is pacing (20.6 ms tenant spacing)
    expect(retrySleeps).toHaveLength(3);
    expect(retrySleeps[0]).toBeGreaterThanOrEqual(2000);
    expect(retrySleeps[0]).toBeLessThanOrEqual(2050);
    expect(retrySleeps[1]).toBeGreaterThanOrEqual(200);
    expect(s.stats).toEqual({ sent: 1, retried: 3, failed: 0 });
  });

  it('fails at once on 403 BotNotInConversationRoster, 404 ConversationNotFound and 400', async () => {
    for (const e of [
      new NotifyError(403, 'BotNotInConversationRoster', undefined, 'x'),
      new NotifyError(404, 'ConversationNotFound', undefined, 'x'),
      new NotifyError(400, 'BadArgument', undefined, 'x'),
    ]) {
      let calls = 0;
      await expect(
        sender().send({ thread: 't', tenant: 'x' }, async () => {
          calls++;
          throw e;
        }),
      ).rejects.toBe(e);
      expect(calls).toBe(1);
    }
  });

  it('waits on the clock it is given: Retry-After and pacing pass in scaled time', async () => {
    const s = new PacedSender(logger, { clock: scaledClock(10_000) });
    const started = performance.now();
    let calls = 0;
    const sent = await s.send({ thread: 't', tenant: 'x' }, async () => {
      if (calls++ === 0) throw new NotifyError(429, 'Throttled', 60_000, 'x');
      return 'ok';
    });
    expect(sent).toBe('ok');
    expect(calls).toBe(2);
    // A minute's Retry-After on the wall clock; a few milliseconds at 10,000 times the speed.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('SQLite health store', () => {
  it('a delivery is claimed by one holder at a time; progress is recorded only by the holder', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'health-store-')), 'bot.db');
    const a = SqliteStore.open(file);
    const b = SqliteStore.open(file);
    const item = {
      key: 'inc:EN1:ch:s1:open',
      kind: 'incident.card',
      lane: 'health:ch',
      tenant: 't',
      to: { kind: 'conversation' as const, ref: {} },
      payload: { issueId: 'EN1', subscriptionKey: 'ch' },
    };
    await a.outbox.enqueue([item], 0);
    const d = await a.outbox.claim(item.key, 'A', 1000, 0);
    expect(d).toMatchObject({ key: item.key, lane: 'health:ch', attempts: 0 });
    expect(await b.outbox.claim(item.key, 'B', 2000, 500)).toBeUndefined();
    await b.outbox.complete(item.key, 'B', 'sent', { activityId: 'stolen', ref: {} }, 500);
    await a.outbox.markSending(item.key, 'A', 600);
    expect((await b.outbox.get(item.key))?.state).toBe('sending');
    expect(await b.outbox.claim(item.key, 'B', 3000, 1000)).toMatchObject({ state: 'sending', attempts: 1 }); // A's claim expired
    expect(await a.outbox.complete(item.key, 'A', 'sent', { activityId: 'late', ref: {} }, 1000)).toBe(false);
    await b.outbox.release(item.key, 'B');
    expect(await a.outbox.claim(item.key, 'A', 4000, 1001)).toBeDefined();
    await a.outbox.complete(item.key, 'A', 'sent', { activityId: 'root-1', ref: {} }, 1002);
    expect(await b.outbox.get(item.key)).toMatchObject({ state: 'sent', result: { activityId: 'root-1' } });

    await a.health.issues.saveIssues([], '2025-03-02T10:00:00Z', 0);
    await a.health.issues.saveIssues([], '2025-03-02T09:00:00Z', 0); // an older cursor never moves it back
    expect(await b.health.issues.watermark()).toBe('2025-03-02T10:00:00Z');
    await a.close();
    await b.close();
  });
});
