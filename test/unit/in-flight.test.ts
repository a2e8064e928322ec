import { scaledClock, systemClock } from '../../src/core/clock';
import { InFlight } from '../../src/core/in-flight';

describe('work in flight at shutdown', () => {
  it('drains once everything tracked has settled, failures included', async () => {
    const work = new InFlight(systemClock);
    let finish: () => void = () => undefined;
    void work.track(new Promise<void>((r) => (finish = r)));
    work.track(Promise.reject(new Error('a turn that failed'))).catch(() => undefined);
    expect(work.size).toBe(2);
    let done = false;
    const drained = work.drain(60_000).finally(() => (done = true));
    await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    finish();
    expect(await drained).toBe(true);
    expect(work.size).toBe(0);
  });

  it('gives up after the limit, timed on its clock', async () => {
    const work = new InFlight(scaledClock(10_000));
    void work.track(new Promise(() => undefined));
    const started = performance.now();
    // Fifteen seconds of shutdown grace on the wall clock; a couple of milliseconds at 10,000 times the speed.
    expect(await work.drain(15_000)).toBe(false);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(work.size).toBe(1);
  });
});
