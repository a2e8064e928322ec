import { LeaseLoop, type TickState } from '../../src/background/lease-loop';
import { systemClock } from '../../src/core/clock';
import { createLogger } from '../../src/logger';
import type { LeaseStore } from '../../src/ports/store';
import { SqliteStore } from '../../src/storage/sqlite/sqlite-store';

const LEASE_MS = 30_000;
const INTERVAL_MS = 1_000;

/** A promise the test resolves when it chooses: a tick that lasts until then. */
function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((r) => (open = r));
  return { opened, open };
}

/** A loop over a real (SQLite, in memory) lease store whose work the test controls, counting what happens. */
function loopOver(leases: LeaseStore, work?: (state: TickState) => Promise<void>, intervalMs = INTERVAL_MS) {
  const seen = { ticks: 0, running: 0, most: 0, states: [] as TickState[] };
  const loop = new LeaseLoop<string>({
    lease: 'test',
    holder: 'me',
    leases,
    leaseMs: LEASE_MS,
    intervalMs,
    clock: systemClock,
    logger: createLogger('silent'),
    work: async (state) => {
      seen.ticks++;
      seen.running++;
      seen.most = Math.max(seen.most, seen.running);
      seen.states.push(state);
      try {
        await work?.(state);
      } finally {
        seen.running--;
      }
      return 'worked';
    },
    idle: (role) => role,
  });
  return { loop, seen };
}

describe('the lease loop every background worker runs on', () => {
  let leases: LeaseStore;
  let store: SqliteStore;
  beforeEach(() => {
    jest.useFakeTimers({ now: Date.parse('2026-12-01T10:00:00Z') });
    store = SqliteStore.open(':memory:');
    leases = store.leases;
  });
  afterEach(async () => {
    jest.useRealTimers();
    await store.close();
  });

  it('runs one tick at a time: a direct tick() waits for the timer’s, and a slow tick delays the next', async () => {
    const slow = gate();
    const { loop, seen } = loopOver(leases, () => slow.opened);
    loop.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(seen.ticks).toBe(1);
    const direct = [loop.tick(), loop.tick()];
    // Ten intervals pass while the first tick is still running: nothing else starts.
    await jest.advanceTimersByTimeAsync(10 * INTERVAL_MS);
    expect(seen).toMatchObject({ ticks: 1, running: 1 });
    slow.open();
    expect(await Promise.all(direct)).toEqual(['worked', 'worked']);
    expect(seen.ticks).toBe(3);
    // The next timed tick comes one interval after the last one ended, not before.
    await jest.advanceTimersByTimeAsync(INTERVAL_MS - 1);
    expect(seen.ticks).toBe(3);
    await jest.advanceTimersByTimeAsync(1);
    expect(seen.ticks).toBe(4);
    expect(seen.most).toBe(1);
    await loop.stop();
  });

  it('ticks again soon after kick(), and once more right after a tick that was running when kicked', async () => {
    const hour = 3_600_000;
    let held = gate();
    const { loop, seen } = loopOver(leases, () => held.opened, hour);
    loop.start();
    await jest.advanceTimersByTimeAsync(0);
    held.open();
    await jest.advanceTimersByTimeAsync(0);
    expect(seen).toMatchObject({ ticks: 1, running: 0 });
    // Waiting for its hour: a kick brings the next tick forward.
    held = gate();
    loop.kick();
    await jest.advanceTimersByTimeAsync(0);
    expect(seen).toMatchObject({ ticks: 2, running: 1 });
    // Kicked mid-tick: the kick is not lost, the loop goes again as soon as that tick ends.
    loop.kick();
    loop.kick();
    held.open();
    await jest.advanceTimersByTimeAsync(0);
    expect(seen.ticks).toBe(3);
    await jest.advanceTimersByTimeAsync(hour - 1);
    expect(seen.ticks).toBe(3);
    await loop.stop();
  });

  it('does nothing on kick() before start() or after stop()', async () => {
    const { loop, seen } = loopOver(leases);
    loop.kick();
    await jest.advanceTimersByTimeAsync(10 * INTERVAL_MS);
    expect(seen.ticks).toBe(0);
    loop.start();
    await jest.advanceTimersByTimeAsync(0);
    await loop.stop();
    loop.kick();
    await jest.advanceTimersByTimeAsync(10 * INTERVAL_MS);
    expect(seen.ticks).toBe(1);
  });

  it('stop() waits for the tick in flight, which sees it is stopping; later ticks answer "stopped"', async () => {
    const slow = gate();
    const { loop, seen } = loopOver(leases, () => slow.opened);
    loop.start();
    await jest.advanceTimersByTimeAsync(0);
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(5 * INTERVAL_MS);
    expect(stopped).toBe(false);
    expect(seen.states[0]).toMatchObject({ stopping: true, live: false });
    slow.open();
    await stopping;
    expect(seen.running).toBe(0);
    expect(await loop.tick()).toBe('stopped');
    await jest.advanceTimersByTimeAsync(10 * INTERVAL_MS);
    expect(seen.ticks).toBe(1);
  });

  it('releases the lease on stop, so another instance takes over at once', async () => {
    const { loop } = loopOver(leases);
    expect(await loop.tick()).toBe('worked');
    expect(await leases.tryAcquire('test', 'other', LEASE_MS, Date.now())).toBe(false);
    await loop.stop();
    expect(await leases.tryAcquire('test', 'other', LEASE_MS, Date.now())).toBe(true);
  });

  it('stands by while another holder has the lease, and takes over once it lapses', async () => {
    await leases.tryAcquire('test', 'other', LEASE_MS, Date.now());
    const { loop, seen } = loopOver(leases);
    expect(await loop.tick()).toBe('standby');
    expect(seen.ticks).toBe(0);
    jest.setSystemTime(Date.now() + LEASE_MS);
    expect(await loop.tick()).toBe('worked');
    expect(seen.ticks).toBe(1);
  });

  it('renews the lease while a tick runs longer than it, so nobody else starts meanwhile', async () => {
    const slow = gate();
    const { loop, seen } = loopOver(leases, () => slow.opened);
    const ticked = loop.tick();
    for (let waited = 0; waited < 4 * LEASE_MS; waited += 5_000) {
      await jest.advanceTimersByTimeAsync(5_000);
      expect(await leases.tryAcquire('test', 'other', LEASE_MS, Date.now())).toBe(false);
    }
    expect(seen.states[0].live).toBe(true);
    slow.open();
    await ticked;
    // No renewal after the tick: the lease runs out a lease after the last one.
    await jest.advanceTimersByTimeAsync(LEASE_MS);
    expect(await leases.tryAcquire('test', 'other', LEASE_MS, Date.now())).toBe(true);
  });

  it('tells a running tick it is no longer live once a renewal fails, and stands by while the store is unreachable', async () => {
    let down = false;
    const flaky: LeaseStore = {
      tryAcquire: (...args) => (down ? Promise.reject(new Error('store unreachable')) : leases.tryAcquire(...args)),
      release: (...args) => leases.release(...args),
    };
    const slow = gate();
    const { loop, seen } = loopOver(flaky, () => slow.opened);
    const ticked = loop.tick();
    await jest.advanceTimersByTimeAsync(0);
    expect(seen.states[0].live).toBe(true);
    down = true;
    await jest.advanceTimersByTimeAsync(LEASE_MS / 3);
    expect(seen.states[0].live).toBe(false);
    slow.open();
    expect(await ticked).toBe('worked');
    expect(await loop.tick()).toBe('standby');
    expect(seen.ticks).toBe(1);
  });

  it('keeps going after a tick that throws: a direct caller sees the error, the timer tries again next interval', async () => {
    let fail = true;
    const { loop, seen } = loopOver(leases, async () => {
      if (fail) throw new Error('boom');
    });
    await expect(loop.tick()).rejects.toThrow('boom');
    loop.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(seen.ticks).toBe(2);
    fail = false;
    await jest.advanceTimersByTimeAsync(INTERVAL_MS);
    expect(seen.ticks).toBe(3);
    expect(await loop.tick()).toBe('worked');
    await loop.stop();
  });
});
