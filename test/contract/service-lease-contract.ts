import type { ContractContext } from './context';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Leases that end on the storage service's clock (blob leases, 15–60 s): the same promises as the caller-clock
 * contract, with `now` ignored, each lease at least 15 s, and expiry waited for in real time.
 */
export function describeServiceLeaseContract(ctx: ContractContext): void {
  describe('leases (ended by the service clock)', () => {
    it('gives a free lease to the first holder, refuses others on any handle while it lives, and lets the holder renew', async () => {
      const [a, b] = await ctx.pair();
      expect(await a.leases.tryAcquire('poller', 'A', 15_000, 0)).toBe(true);
      expect(await b.leases.tryAcquire('poller', 'B', 15_000, 0)).toBe(false);
      expect(await a.leases.tryAcquire('poller', 'A', 15_000, 0)).toBe(true);
      expect(await b.leases.tryAcquire('poller', 'B', 15_000, 10 ** 12)).toBe(false); // a clock far ahead changes nothing
    });

    it('frees the lease at once when its holder releases it; a release by anyone else does nothing', async () => {
      const [a, b] = await ctx.pair();
      expect(await a.leases.tryAcquire('poller', 'A', 15_000, 0)).toBe(true);
      await b.leases.release('poller', 'B');
      expect(await b.leases.tryAcquire('poller', 'B', 15_000, 0)).toBe(false);
      await a.leases.release('poller', 'A');
      expect(await b.leases.tryAcquire('poller', 'B', 15_000, 0)).toBe(true);
      await b.leases.release('never-taken', 'B');
    });

    it('keeps leases with different names apart', async () => {
      expect(await ctx.store().leases.tryAcquire('poller', 'A', 15_000, 0)).toBe(true);
      expect(await ctx.store().leases.tryAcquire('sweeper', 'B', 15_000, 0)).toBe(true);
    });

    it('gives a free lease to exactly one of many concurrent callers', async () => {
      const won = await ctx.race(8, (store, i) => store.leases.tryAcquire('poller', `holder-${i}`, 15_000, 0));
      expect(won.filter(Boolean)).toHaveLength(1);
    });
  });
}

/**
 * The expiry test waits 26.5 s of real time. It starts with the file (it.concurrent) on a store of its own and
 * runs beside the rest of the suite, which waits for it only where it is declared: declare it last. The same
 * checks at the same instants, without holding the suite up.
 */
export function describeServiceLeaseExpiry(ctx: ContractContext): void {
  describe('leases (ended by the service clock)', () => {
    it.concurrent(
      'ends a lease its holder stopped renewing once its time is up; a ttl above one lease is renewed until it has passed',
      async () => {
        const own = await ctx.apart();
        try {
          const [a, b] = own.pair;
          const began = Date.now();
          expect(await a.leases.tryAcquire('short', 'A', 15_000, 0)).toBe(true);
          // Above the longest single lease (the test store's is 15 s): renewed in the background for 25 s in all.
          expect(await a.leases.tryAcquire('long', 'A', 25_000, 0)).toBe(true);
          await sleep(16_000 - (Date.now() - began));
          expect(await b.leases.tryAcquire('short', 'B', 15_000, 0)).toBe(true);
          expect(await a.leases.tryAcquire('short', 'A', 15_000, 0)).toBe(false);
          expect(await b.leases.tryAcquire('long', 'B', 15_000, 0)).toBe(false);
          await sleep(26_500 - (Date.now() - began));
          expect(await b.leases.tryAcquire('long', 'B', 15_000, 0)).toBe(true);
        } finally {
          await own.close();
        }
      },
      60_000,
    );
  });
}
