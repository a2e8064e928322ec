import { RETRY_BASE_MS, RETRY_CAP_MS, retryDelayMs } from '../../src/delivery/backoff';
import { classifyFailure } from '../../src/delivery/classify-failure';
import { resolveTarget } from '../../src/delivery/resolve-target';
import { NotifyError } from '../../src/ports/notifier';
import type { NewOutboxItem, OutboxItem, OutboxState } from '../../src/ports/outbox-store';
import { createOutboxWorker, OutboxWorker } from '../../src/delivery/outbox-worker';
import { PacedSender } from '../../src/delivery/paced-sender';
import { SqliteStore } from '../../src/storage/sqlite/sqlite-store';
import { createLogger } from '../../src/logger';
import { systemClock } from '../../src/core/clock';
import { text } from '../../src/core/reply';
import { RecordingNotifier } from '../helpers/fakes';

const refused = (status: number | undefined, code?: string) => new NotifyError(status, code, undefined, 'x');

describe('outbox backoff', () => {
  it('retries the first failure at the next pass, then backs off exponentially with ±25 % jitter', () => {
    expect(retryDelayMs(1, 0.9)).toBe(0);
    expect(retryDelayMs(2, 0.5)).toBe(RETRY_BASE_MS);
    expect(retryDelayMs(3, 0.5)).toBe(3 * RETRY_BASE_MS);
    expect(retryDelayMs(4, 0)).toBe(0.75 * 7 * RETRY_BASE_MS);
    expect(retryDelayMs(4, 1)).toBe(1.25 * 7 * RETRY_BASE_MS);
  });

  it('never waits more than an hour, however often it failed: it never gives up either', () => {
    for (const failures of [8, 30, 1000, Number.MAX_SAFE_INTEGER]) expect(retryDelayMs(failures, 1)).toBe(RETRY_CAP_MS);
  });

  it("takes Teams' Retry-After as a floor", () => {
    expect(retryDelayMs(1, 0.5, 30_000)).toBe(30_000);
    expect(retryDelayMs(3, 0.5, 1_000)).toBe(3 * RETRY_BASE_MS);
  });
});

describe('outbox failure classes', () => {
  it.each([
    [undefined, undefined],
    [412, 'PreconditionFailed'],
    [429, 'Throttled'],
    [500, 'ServiceError'],
    [502, 'ServiceError'],
    [503, undefined],
    [504, undefined],
    [401, 'BotNotRegistered'],
    [403, 'BotDisabledByAdmin'],
    [403, 'NotEnoughPermissions'],
    [403, 'ForbiddenOperationException'],
  ])('retries %s %s', (status, code) => {
    expect(classifyFailure(refused(status, code))).toBe('retry');
  });

  it.each([
    [403, 'BotNotInConversationRoster'],
    [404, 'ConversationNotFound'],
    [403, 'ConversationBlockedByUser'],
    [403, 'MessageWritesBlocked'],
  ])('calls %s %s gone', (status, code) => {
    expect(classifyFailure(refused(status, code))).toBe('gone');
  });

  it.each([
    [400, 'BadArgument'],
    [413, 'MessageSizeTooBig'],
    [404, 'ActivityNotFoundInConversation'],
    [405, undefined],
  ])('gives up on %s %s: the message itself is refused', (status, code) => {
    expect(classifyFailure(refused(status, code))).toBe('failed');
  });
});

describe('outbox target resolution', () => {
  const ref = { conversation: { id: '19:c;messageid=root' } };
  const prior = (state: OutboxState, withResult = true): OutboxItem => ({
    key: 'open',
    kind: 'incident.card',
    lane: 'l',
    tenant: 't',
    to: { kind: 'newThread', ref: {}, channelId: '19:c' },
    payload: {},
    state,
    attempts: 1,
    notBefore: 0,
    createdAt: 0,
    ...(withResult ? { result: { activityId: 'root', ref } } : {}),
  });

  it('sends a concrete target as it is', () => {
    const to = { kind: 'user' as const, aadObjectId: 'a', tenantId: 't', serviceUrl: 's' };
    expect(resolveTarget(to, undefined)).toEqual({ kind: 'send', target: to, placeholder: false });
  });

  it('replies into, or updates, what the earlier item produced', () => {
    expect(resolveTarget({ kind: 'after', after: 'open', as: 'reply' }, prior('sent'))).toEqual({
      kind: 'send',
      target: { kind: 'conversation', ref },
      placeholder: false,
    });
    expect(resolveTarget({ kind: 'after', after: 'open', as: 'update' }, prior('sent'))).toEqual({
      kind: 'send',
      target: { kind: 'update', ref, activityId: 'root' },
      placeholder: false,
    });
  });

  it('waits for an earlier item still to go, and follows a dry run with a dry run', () => {
    expect(resolveTarget({ kind: 'after', after: 'open', as: 'reply' }, prior('queued', false))).toEqual({ kind: 'wait' });
    expect(resolveTarget({ kind: 'after', after: 'open', as: 'reply' }, prior('sending', false))).toEqual({ kind: 'wait' });
    expect(resolveTarget({ kind: 'after', after: 'open', as: 'update' }, prior('dry-run'))).toMatchObject({
      kind: 'send',
      placeholder: true,
    });
  });

  it('skips what follows an item that never went out, or one it cannot find', () => {
    for (const state of ['failed', 'gone', 'cancelled'] as const)
      expect(resolveTarget({ kind: 'after', after: 'open', as: 'reply' }, prior(state, false))).toEqual({ kind: 'skip', state });
    expect(resolveTarget({ kind: 'after', after: 'open', as: 'reply' }, undefined)).toEqual({ kind: 'skip', state: 'cancelled' });
  });
});

describe('outbox: a kind that chooses its target at send time', () => {
  const item = (key: string): NewOutboxItem => ({
    key,
    kind: 'picky',
    lane: `user:${key}`,
    tenant: 't',
    to: { kind: 'user', aadObjectId: key, tenantId: 't', serviceUrl: 'https://smba.example/' },
    payload: {},
  });

  function worker(dryRun = false) {
    const store = SqliteStore.open(':memory:');
    const notifier = new RecordingNotifier();
    const logger = createLogger('silent');
    const w = new OutboxWorker({
      store: store.outbox,
      leases: store.leases,
      notifier,
      sender: new PacedSender(logger),
      logger,
      clock: systemClock,
      dryRun,
    });
    const asked: string[] = [];
    w.register({
      picky: {
        build: async () => text('hello'),
        target: async (i) => {
          asked.push(i.key);
          if (i.key === 'blocked') return { gone: { status: 403, code: 'InstallFailed' } };
          if (i.key === 'later') return { retry: { status: 503 }, afterMs: 60_000 };
          return { kind: 'conversation', ref: { conversation: { id: `19:${i.key}@unq.gbl.spaces` } } };
        },
      },
    });
    return { store, notifier, w, asked };
  }

  it('sends where the kind says, drops one it calls gone, and keeps one it says to try later', async () => {
    const { store, notifier, w } = worker();
    const outcomes = await w.sendNow([item('reached'), item('blocked'), item('later')]);
    expect(Object.fromEntries(outcomes)).toEqual({ reached: 'sent', blocked: 'gone', later: 'retrying' });
    expect(notifier.calls.map((c) => c.via === 'send' && (c.ref.conversation as { id: string }).id)).toEqual(['19:reached@unq.gbl.spaces']);
    expect(await store.outbox.get('blocked')).toMatchObject({ state: 'gone', error: { status: 403, code: 'InstallFailed' } });
    const later = await store.outbox.get('later');
    expect(later).toMatchObject({ state: 'queued', error: { status: 503 } });
    expect(later!.notBefore).toBeGreaterThan(Date.now() + 50_000);
  });

  it('is never asked in a dry run: nothing is installed or opened for anyone', async () => {
    const { asked, w } = worker(true);
    expect((await w.sendNow([item('reached')])).get('reached')).toBe('dry-run');
    expect(asked).toEqual([]);
  });
});

describe('outbox claims in hand', () => {
  beforeEach(() => jest.useFakeTimers({ now: Date.parse('2026-12-01T10:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it('are renewed while a send takes longer than the claim, and last about 30 s past their holder', async () => {
    const store = SqliteStore.open(':memory:');
    const logger = createLogger('silent');
    const notifier = new RecordingNotifier();
    const w = new OutboxWorker({
      store: store.outbox,
      leases: store.leases,
      notifier,
      sender: new PacedSender(logger),
      logger,
      clock: systemClock,
    });
    let open: () => void = () => undefined;
    const opened = new Promise<void>((r) => (open = r));
    w.register({
      slow: {
        build: async () => text('hello'),
        // Opening the chat takes two minutes (Graph busy): four times the claim.
        target: async (i) => {
          await opened;
          return { kind: 'conversation', ref: { conversation: { id: `19:${i.key}@unq.gbl.spaces` } } };
        },
      },
    });
    await store.outbox.enqueue(
      [
        {
          key: 'k',
          kind: 'slow',
          lane: 'user:k',
          tenant: 't',
          to: { kind: 'user', aadObjectId: 'k', tenantId: 't', serviceUrl: 'https://smba.example/' },
          payload: {},
        },
      ],
      Date.now(),
    );
    const drained = w.drain();
    for (let s = 0; s < 120; s += 5) {
      await jest.advanceTimersByTimeAsync(5_000);
      const claim = (await store.outbox.get('k'))!.claim!;
      expect(claim.holder).toBe(w.holder);
      expect(claim.until).toBeGreaterThan(Date.now());
      expect(claim.until).toBeLessThanOrEqual(Date.now() + 30_000);
      // Nobody else may take it meanwhile.
      expect(await store.outbox.due(Date.now(), 10)).toEqual([]);
    }
    open();
    await jest.advanceTimersByTimeAsync(1_000);
    await drained;
    expect(await store.outbox.get('k')).toMatchObject({ state: 'sent' });
    expect(notifier.calls).toHaveLength(1);
    await w.stop();
  });
});

describe('the Outbox port: what features read of the outbox', () => {
  const note = (key: string, lane: string): NewOutboxItem => ({
    key,
    kind: 'note',
    lane,
    tenant: 't',
    to: { kind: 'conversation', ref: { conversation: { id: `19:${lane}@thread.tacv2` } } },
    payload: {},
    group: 'notes',
  });

  it('answers items, group counts, paused lanes and the backlog, and resuming a lane wakes the worker at once', async () => {
    const store = SqliteStore.open(':memory:');
    const logger = createLogger('silent');
    const notifier = new RecordingNotifier();
    // An hour between passes: only a kick sends anything within this test.
    const w = createOutboxWorker(store, { notifier, sender: new PacedSender(logger), logger, clock: systemClock, intervalMs: 3_600_000 });
    w.register({ note: { build: async () => text('hello') } });
    try {
      await store.outbox.pauseLane('a', Date.now());
      w.start();
      expect(await w.enqueue([note('a1', 'a')])).toEqual(['a1']);
      await new Promise((r) => setTimeout(r, 200));
      expect(notifier.calls).toEqual([]);
      expect(await w.pausedLanes()).toEqual(['a']);
      expect(await w.backlog()).toMatchObject({ queued: 0, paused: 1 });
      expect(await w.counts('notes')).toMatchObject({ queued: 1, sent: 0 });

      await w.resumeLane('a');
      for (let i = 0; i < 100 && notifier.calls.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(notifier.calls).toHaveLength(1);
      expect(await w.pausedLanes()).toEqual([]);
      expect(await w.get('a1')).toMatchObject({ state: 'sent', result: { activityId: notifier.calls[0].activityId } });
      expect(await w.counts('notes')).toMatchObject({ queued: 0, sent: 1 });
      expect(await w.backlog()).toMatchObject({ queued: 0, paused: 0 });
    } finally {
      await w.stop();
      await store.close();
    }
  });
});
