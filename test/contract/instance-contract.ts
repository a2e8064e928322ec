import type { ContractContext } from './context';

export function describeInstanceContract(ctx: ContractContext): void {
  describe('instances', () => {
    it('counts the instances whose heartbeat has not expired, this one included', async () => {
      const [a, b] = await ctx.pair();
      expect(await a.instances.heartbeat('A', 0, 30_000)).toBe(1);
      expect(await b.instances.heartbeat('B', 1_000, 30_000)).toBe(2);
      expect(await a.instances.heartbeat('A', 10_000, 30_000)).toBe(2);
    });

    it('stops counting an instance when its heartbeat expires, or at once when it leaves', async () => {
      const [a, b] = await ctx.pair();
      await a.instances.heartbeat('A', 0, 30_000);
      await b.instances.heartbeat('B', 0, 30_000);
      expect(await a.instances.heartbeat('A', 29_999, 30_000)).toBe(2);
      expect(await a.instances.heartbeat('A', 30_000, 30_000)).toBe(1);
      await b.instances.heartbeat('B', 31_000, 30_000);
      await b.instances.leave('B');
      expect(await a.instances.heartbeat('A', 32_000, 30_000)).toBe(1);
    });
  });
}
