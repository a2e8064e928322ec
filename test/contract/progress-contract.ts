import type { EnqueuedProgress } from '../../src/ports/health-store';
import type { ContractContext } from './context';
import { minute } from './fixtures';
import { expectSame } from './same';

const progressed = (r: EnqueuedProgress, postCount = 1): EnqueuedProgress => ({
  ...r,
  progress: { postCount, status: 'investigating', isResolved: false },
  cardVersion: minute(postCount),
});

export function describeProgressContract(ctx: ContractContext): void {
  describe('enqueued progress', () => {
    const progress = () => ctx.store().health.progress;

    it('begins a record with its series and nothing enqueued yet', async () => {
      expectSame(await progress().begin('EX1', 'chat-1', 's1'), { issueId: 'EX1', subscriptionKey: 'chat-1', series: 's1' });
    });

    it('keeps the first series: beginning again returns the record as stored, also on another handle', async () => {
      const [a, b] = await ctx.pair();
      const first = await a.health.progress.begin('EX1', 'chat-1', 's1');
      await a.health.progress.save([progressed(first)]);
      expectSame(await b.health.progress.begin('EX1', 'chat-1', 's2'), progressed(first));
    });

    it('gives many concurrent beginners one series', async () => {
      const records = await ctx.race(8, (store, i) => store.health.progress.begin('EX1', 'chat-1', `s${i}`));
      expect(new Set(records.map((r) => r.series)).size).toBe(1);
    });

    it('records what was enqueued, keeping the series as begun', async () => {
      const r = await progress().begin('EX1', 'chat-1', 's1');
      await progress().save([{ ...progressed(r, 2), series: 'other' }]);
      expectSame((await progress().forIssue('EX1')).get('chat-1'), progressed(r, 2));
    });

    it('ignores a save for a record that was never begun', async () => {
      await progress().save([progressed({ issueId: 'EX1', subscriptionKey: 'chat-1', series: 's1' })]);
      expect((await progress().forIssue('EX1')).size).toBe(0);
    });

    it("lists one issue's records by subscription key, and no other issue's", async () => {
      const r1 = await progress().begin('EX1', 'chat-1', 's1');
      await progress().save([progressed(r1)]);
      const r2 = await progress().begin('EX1', 'chat-2', 's2');
      await progress().begin('EX2', 'chat-1', 's3');
      expect(Object.fromEntries(await progress().forIssue('EX1'))).toEqual({ 'chat-1': progressed(r1), 'chat-2': r2 });
      expect((await progress().forIssue('EX3')).size).toBe(0);
    });
  });
}
