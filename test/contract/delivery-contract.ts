import type { Delivery } from '../../src/ports/health-store';
import type { ContractContext } from './context';
import { conversationRef, minute } from './fixtures';

const progressed = (d: Delivery): Delivery => ({
  ...d,
  rootActivityId: 'activity-1',
  threadRef: conversationRef('19:general;messageid=activity-1'),
  progress: { postCount: 1, status: 'investigating', isResolved: false },
  cardVersion: minute(5),
  failures: 0,
});

export function describeDeliveryContract(ctx: ContractContext): void {
  describe('deliveries', () => {
    const deliveries = () => ctx.store().health.deliveries;

    it('hands out a fresh delivery when there is none yet', async () => {
      expect(await deliveries().claim('EX1', 'chat-1', 'A', 1000, 0)).toEqual({
        issueId: 'EX1',
        subscriptionKey: 'chat-1',
        failures: 0,
        retryAt: 0,
      });
    });

    it('refuses the claim to another holder while the first claim is live, also on another handle', async () => {
      const [a, b] = await ctx.pair();
      expect(await a.health.deliveries.claim('EX1', 'chat-1', 'A', 1000, 0)).toBeDefined();
      expect(await b.health.deliveries.claim('EX1', 'chat-1', 'B', 2000, 999)).toBeUndefined();
    });

    it('lets the same holder claim again, returning what it saved', async () => {
      const first = await deliveries().claim('EX1', 'chat-1', 'A', 1000, 0);
      await deliveries().save(progressed(first!), 'A');
      expect(await deliveries().claim('EX1', 'chat-1', 'A', 2000, 500)).toEqual(progressed(first!));
    });

    it('lets another holder take over an expired claim, with the progress saved so far', async () => {
      const [a, b] = await ctx.pair();
      const first = await a.health.deliveries.claim('EX1', 'chat-1', 'A', 1000, 0);
      await a.health.deliveries.save(progressed(first!), 'A');
      expect(await b.health.deliveries.claim('EX1', 'chat-1', 'B', 2000, 1000)).toEqual(progressed(first!));
      expect(await a.health.deliveries.claim('EX1', 'chat-1', 'A', 3000, 1500)).toBeUndefined();
    });

    it('gives an unclaimed delivery to exactly one of many concurrent callers', async () => {
      const claims = await ctx.race(8, (store, i) => store.health.deliveries.claim('EX1', 'chat-1', `holder-${i}`, 1000, 0));
      expect(claims.filter(Boolean)).toHaveLength(1);
    });

    it('keeps the claims of different conversations and issues apart', async () => {
      expect(await deliveries().claim('EX1', 'chat-1', 'A', 1000, 0)).toBeDefined();
      expect(await deliveries().claim('EX1', 'chat-2', 'B', 1000, 0)).toBeDefined();
      expect(await deliveries().claim('EX2', 'chat-1', 'B', 1000, 0)).toBeDefined();
    });

    it('records what the holder saves, and clears `pending` when it is not given', async () => {
      const d = await deliveries().claim('EX1', 'chat-1', 'A', 1000, 0);
      await deliveries().save({ ...progressed(d!), pending: minute(5) }, 'A');
      expect((await deliveries().forIssue('EX1')).get('chat-1')).toEqual({ ...progressed(d!), pending: minute(5), retryAt: 0 });
      await deliveries().save(progressed(d!), 'A');
      expect((await deliveries().forIssue('EX1')).get('chat-1')?.pending).toBeUndefined();
    });

    it('keeps retryAt after a failure and resets it to 0 once failures are back to 0', async () => {
      const d = (await deliveries().claim('EX1', 'chat-1', 'A', 1000, 0))!;
      await deliveries().save({ ...d, failures: 2, retryAt: 60_000 }, 'A');
      expect((await deliveries().forIssue('EX1')).get('chat-1')).toMatchObject({ failures: 2, retryAt: 60_000 });
      await deliveries().save({ ...d, failures: 0, retryAt: 60_000 }, 'A');
      expect((await deliveries().forIssue('EX1')).get('chat-1')).toMatchObject({ failures: 0, retryAt: 0 });
    });

    it('ignores a save by anyone but the claim holder', async () => {
      const [a, b] = await ctx.pair();
      const d = await a.health.deliveries.claim('EX1', 'chat-1', 'A', 1000, 0);
      await b.health.deliveries.save(progressed(d!), 'B');
      expect((await a.health.deliveries.forIssue('EX1')).get('chat-1')).toEqual(d);
    });

    it('ignores a save by a holder whose expired claim was taken over', async () => {
      const [a, b] = await ctx.pair();
      const d = await a.health.deliveries.claim('EX1', 'chat-1', 'A', 1000, 0);
      await b.health.deliveries.claim('EX1', 'chat-1', 'B', 3000, 1000);
      await a.health.deliveries.save(progressed(d!), 'A');
      expect((await b.health.deliveries.forIssue('EX1')).get('chat-1')).toEqual(d);
    });

    it('frees a released claim for another holder at once', async () => {
      const [a, b] = await ctx.pair();
      await a.health.deliveries.claim('EX1', 'chat-1', 'A', 1000, 0);
      await a.health.deliveries.release('EX1', 'chat-1', 'A');
      expect(await b.health.deliveries.claim('EX1', 'chat-1', 'B', 2000, 1)).toBeDefined();
    });

    it('ignores a release by anyone but the claim holder', async () => {
      const [a, b] = await ctx.pair();
      await a.health.deliveries.claim('EX1', 'chat-1', 'A', 1000, 0);
      await b.health.deliveries.release('EX1', 'chat-1', 'B');
      expect(await b.health.deliveries.claim('EX1', 'chat-1', 'B', 2000, 1)).toBeUndefined();
    });

    it("lists one issue's deliveries by subscription key, and no other issue's", async () => {
      const d1 = await deliveries().claim('EX1', 'chat-1', 'A', 1000, 0);
      await deliveries().save(progressed(d1!), 'A');
      const d2 = await deliveries().claim('EX1', 'chat-2', 'A', 1000, 0);
      await deliveries().claim('EX2', 'chat-1', 'A', 1000, 0);
      const forIssue = await deliveries().forIssue('EX1');
      expect(Object.fromEntries(forIssue)).toEqual({ 'chat-1': progressed(d1!), 'chat-2': d2 });
      expect((await deliveries().forIssue('EX3')).size).toBe(0);
    });
  });
}
