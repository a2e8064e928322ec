import type { ContractContext } from './context';

export function describeLeaseContract(ctx: ContractContext): void {
  describe('leases', () => {
    const leases = () => ctx.store().leases;

    it('gives a free lease to the first holder who asks', async () => {
      expect(await leases().tryAcquire('poller', 'A', 1000, 0)).toBe(true);
    });

    it('refuses another holder while the lease is live, also on another handle', async () => {
      const [a, b] = await ctx.pair();
      expect(await a.leases.tryAcquire('poller', 'A', 1000, 0)).toBe(true);
      expect(await b.leases.tryAcquire('poller', 'B', 1000, 500)).toBe(false);
      expect(await b.leases.tryAcquire('poller', 'B', 1000, 999)).toBe(false);
    });

    it('lets the holder renew, which pushes the expiry out', async () => {
      const [a, b] = await ctx.pair();
      expect(await a.leases.tryAcquire('poller', 'A', 1000, 0)).toBe(true);
      expect(await a.leases.tryAcquire('poller', 'A', 1000, 900)).toBe(true);
      expect(await b.leases.tryAcquire('poller', 'B', 1000, 1899)).toBe(false);
    });

    it('lets another holder take over from the instant the lease expires', async () => {
      const [a, b] = await ctx.pair();
      expect(await a.leases.tryAcquire('poller', 'A', 1000, 0)).toBe(true);
      expect(await b.leases.tryAcquire('poller', 'B', 1000, 1000)).toBe(true);
      expect(await a.leases.tryAcquire('poller', 'A', 1000, 1500)).toBe(false);
    });

    it('frees the lease at once when its holder releases it', async () => {
      const [a, b] = await ctx.pair();
      expect(await b.leases.tryAcquire('poller', 'B', 1000, 0)).toBe(true);
      await b.leases.release('poller', 'B');
      expect(await a.leases.tryAcquire('poller', 'A', 1000, 1)).toBe(true);
    });

    it('ignores a release by someone who does not hold the lease', async () => {
      const [a, b] = await ctx.pair();
      expect(await a.leases.tryAcquire('poller', 'A', 1000, 0)).toBe(true);
      await b.leases.release('poller', 'B');
      expect(await b.leases.tryAcquire('poller', 'B', 1000, 1)).toBe(false);
    });

    it('keeps leases with different names apart', async () => {
      expect(await leases().tryAcquire('poller', 'A', 1000, 0)).toBe(true);
      expect(await leases().tryAcquire('sweeper', 'B', 1000, 0)).toBe(true);
    });

    it('gives a free lease to exactly one of many concurrent callers', async () => {
      const won = await ctx.race(8, (store, i) => store.leases.tryAcquire('poller', `holder-${i}`, 1000, 0));
      expect(won.filter(Boolean)).toHaveLength(1);
    });
  });
}
