import type { Campaign } from '../../src/domain/campaign';
import type { ContractContext } from './context';
import { campaign, recipient } from './fixtures';
import { expectSame } from './same';

const next = (c: Campaign, change: Partial<Campaign>): Campaign => ({ ...c, ...change, version: c.version + 1 });

export function describeCampaignContract(ctx: ContractContext): void {
  describe('notify campaigns', () => {
    const campaigns = () => ctx.store().campaigns;

    it('reads a campaign back exactly as it was created, with nothing added', async () => {
      const c = campaign({ second: { id: 'helper-1', name: 'Hana Helpdesk', at: 5 }, sampleReports: ['Alex Wilber'] });
      expect(await campaigns().create(c, [recipient('a'), recipient('b')])).toBe(true);
      expectSame(await campaigns().get(c.id), c);
      expect(await campaigns().get('no-such-campaign')).toBeUndefined();
    });

    it('refuses a second campaign with the same id and keeps the first, recipients included', async () => {
      const c = campaign();
      await campaigns().create(c, [recipient('a')]);
      expect(await campaigns().create({ ...c, message: 'other' }, [recipient('z')])).toBe(false);
      expect((await campaigns().get(c.id))?.message).toBe(c.message);
      expect((await campaigns().recipients(c.id, { limit: 10 })).map((r) => r.id)).toEqual(['a']);
    });

    it('stores the next version and refuses a stale or skipped one', async () => {
      const c = campaign();
      await campaigns().create(c, []);
      const sent = next(c, { status: 'sending', confirmedAt: 7 });
      expect(await campaigns().update(sent)).toBe(true);
      expectSame(await campaigns().get(c.id), sent);
      expect(await campaigns().update(next(c, { status: 'cancelled' }))).toBe(false);
      expect(await campaigns().update({ ...sent, version: sent.version + 2 })).toBe(false);
      expect((await campaigns().get(c.id))?.status).toBe('sending');
    });

    it('refuses an update of a campaign that does not exist', async () => {
      expect(await campaigns().update(next(campaign(), { status: 'sending' }))).toBe(false);
    });

    it('lets exactly one of many concurrent updates of one version win, and keeps the winner', async () => {
      const c = campaign();
      await campaigns().create(c, []);
      const won = await ctx.race(8, (store, i) =>
        store.campaigns.update(next(c, { second: { id: `helper-${i}`, name: `Helper ${i}`, at: i } })),
      );
      expect(won.filter(Boolean)).toHaveLength(1);
      expect((await campaigns().get(c.id))?.second?.id).toBe(`helper-${won.indexOf(true)}`);
    });

    it('pages recipients in id order, a digest with its reports, and finds one by id', async () => {
      const c = campaign();
      const list = [recipient('c'), recipient('a', 'Ann', ['Bob Baker', 'Nina Newhire']), recipient('b')];
      await campaigns().create(c, list);
      const first = await campaigns().recipients(c.id, { limit: 2 });
      expect(first).toEqual([recipient('a', 'Ann', ['Bob Baker', 'Nina Newhire']), recipient('b')]);
      expect(await campaigns().recipients(c.id, { after: 'b', limit: 2 })).toEqual([recipient('c')]);
      expect(await campaigns().recipients(c.id, { after: 'c', limit: 2 })).toEqual([]);
      expectSame(await campaigns().recipient(c.id, 'b'), recipient('b'));
      expect(await campaigns().recipient(c.id, 'x')).toBeUndefined();
      expect(await campaigns().recipients('no-such-campaign', { limit: 2 })).toEqual([]);
    });

    it("keeps each campaign's recipients apart", async () => {
      const [one, two] = [campaign(), campaign()];
      await campaigns().create(one, [recipient('a')]);
      await campaigns().create(two, [recipient('a', 'Other name')]);
      expect((await campaigns().recipient(one.id, 'a'))?.name).toBe('Person a');
      expect((await campaigns().recipient(two.id, 'a'))?.name).toBe('Other name');
    });

    it('lists open campaigns (awaiting, sending, sent) oldest first, up to the limit', async () => {
      const made = [
        campaign({ createdAt: 30, status: 'sent' }),
        campaign({ createdAt: 10, status: 'awaiting' }),
        campaign({ createdAt: 20, status: 'finished' }),
        campaign({ createdAt: 40, status: 'sending' }),
        campaign({ createdAt: 5, status: 'expired' }),
        campaign({ createdAt: 6, status: 'cancelled' }),
      ];
      for (const c of made) await campaigns().create(c, []);
      expect((await campaigns().open(10)).map((c) => c.createdAt)).toEqual([10, 30, 40]);
      expect((await campaigns().open(2)).map((c) => c.createdAt)).toEqual([10, 30]);
    });

    it('lists the most recent campaigns newest first, whatever their state', async () => {
      for (const [createdAt, status] of [
        [10, 'awaiting'],
        [30, 'expired'],
        [20, 'finished'],
      ] as const)
        await campaigns().create(campaign({ createdAt, status }), []);
      expect((await campaigns().recent(2)).map((c) => c.createdAt)).toEqual([30, 20]);
    });

    it('shows a change made on one handle on the other', async () => {
      const [a, b] = await ctx.pair();
      const c = campaign();
      await a.campaigns.create(c, [recipient('a')]);
      expect(await b.campaigns.update(next(c, { status: 'sending' }))).toBe(true);
      expect((await a.campaigns.get(c.id))?.status).toBe('sending');
    });

    it('hands out copies: changing what was passed in or read back changes nothing stored', async () => {
      const c = campaign();
      const list = [recipient('a', 'Ann', ['Bob'])];
      await campaigns().create(c, list);
      c.sample.push('Intruder');
      list[0].reports!.push('Intruder');
      (await campaigns().get(c.id))!.sample.length = 0;
      (await campaigns().recipient(c.id, 'a'))!.reports!.length = 0;
      expect((await campaigns().get(c.id))?.sample).toEqual(['Alex Wilber', 'Diego Siciliani']);
      expect((await campaigns().recipients(c.id, { limit: 1 }))[0].reports).toEqual(['Bob']);
    });
  });
}
