import type { NewOutboxItem, OutboxItem } from '../../src/ports/outbox-store';
import type { ContractContext } from './context';
import { conversationRef, outboxItem } from './fixtures';
import { expectSame } from './same';

const sent = { activityId: 'activity-1', ref: conversationRef('19:general;messageid=activity-1') };

/** The item as stored right after enqueueing at `now`. */
const queued = (i: NewOutboxItem, now: number): OutboxItem => ({
  ...i,
  state: 'queued',
  attempts: 0,
  notBefore: i.notBefore ?? now,
  createdAt: now,
});

export function describeOutboxContract(ctx: ContractContext): void {
  describe('outbox', () => {
    const outbox = () => ctx.store().outbox;
    const keysOf = (items: OutboxItem[]) => items.map((i) => i.key);

    describe('enqueueing', () => {
      it('stores a new item exactly as given, queued, with nothing added', async () => {
        const item = outboxItem();
        expect(await outbox().enqueue([item], 100)).toEqual([item.key]);
        expectSame(await outbox().get(item.key), queued(item, 100));
        expect(await outbox().get('no-such-item')).toBeUndefined();
      });

      it('is insert-if-absent: an existing key is left as it is and not reported as new', async () => {
        const item = outboxItem();
        await outbox().enqueue([item], 100);
        const again = { ...item, payload: { id: 'changed' }, lane: 'lane-b' };
        expect(await outbox().enqueue([again, outboxItem({ key: 'fresh' }), outboxItem({ key: 'fresh' })], 200)).toEqual(['fresh']);
        expectSame(await outbox().get(item.key), queued(item, 100));
      });

      it('keeps an item that is already sent as sent when its key comes again, also on another handle', async () => {
        const [a, b] = await ctx.pair();
        const item = outboxItem();
        await a.outbox.enqueue([item], 0);
        await a.outbox.claim(item.key, 'A', 1000, 0);
        await a.outbox.complete(item.key, 'A', 'sent', sent, 1);
        expect(await b.outbox.enqueue([item], 2)).toEqual([]);
        expect(await b.outbox.get(item.key)).toMatchObject({ state: 'sent', result: sent });
      });

      it('keeps optional fields out when they are not given, and honours notBefore', async () => {
        const { group: _group, ...bare } = outboxItem();
        await outbox().enqueue([{ ...bare, notBefore: 500 }], 100);
        expectSame(await outbox().get(bare.key), queued({ ...bare, notBefore: 500 }, 100));
      });

      it('inserts claimed when asked: no one else may take those items, the claimer may', async () => {
        const [a, b] = await ctx.pair();
        const existing = outboxItem({ lane: 'lane-x' });
        await a.outbox.enqueue([existing], 0);
        const fresh = outboxItem({ lane: 'lane-y' });
        expect(await a.outbox.enqueue([existing, fresh], 10, { holder: 'A', until: 1000 })).toEqual([fresh.key]);
        expect(await a.outbox.get(fresh.key)).toMatchObject({ claim: { holder: 'A', until: 1000 } });
        expect((await a.outbox.get(existing.key))?.claim).toBeUndefined();
        expect(keysOf(await b.outbox.due(20, 10))).toEqual([existing.key]);
        expect(await b.outbox.claim(fresh.key, 'B', 2000, 20)).toBeUndefined();
        expect(await a.outbox.claim(fresh.key, 'A', 2000, 20)).toBeDefined();
      });
    });

    describe('lanes', () => {
      it('offers only the head of each lane, and the next once the head is done', async () => {
        const a1 = outboxItem({ lane: 'a' });
        const a2 = outboxItem({ lane: 'a' });
        const b1 = outboxItem({ lane: 'b' });
        await outbox().enqueue([a1, a2, b1], 0);
        expect(keysOf(await outbox().due(0, 10))).toEqual([a1.key, b1.key]);
        await outbox().claim(a1.key, 'A', 100, 0);
        await outbox().complete(a1.key, 'A', 'sent', sent, 1);
        expect(keysOf(await outbox().due(1, 10))).toEqual([a2.key, b1.key]);
      });

      it('lists items in many lanes at once (an incident to every channel), each after what its lane already has', async () => {
        const lanes = Array.from({ length: 150 }, (_, n) => `many-${n}`);
        const earlier = lanes.slice(0, 40).map((lane) => outboxItem({ lane }));
        await outbox().enqueue(earlier, 0);
        await outbox().pauseLane('many-7', 0);
        const [a, b] = await ctx.pair();
        const first = lanes.map((lane) => outboxItem({ lane }));
        const second = lanes.map((lane) => outboxItem({ lane }));
        // Two handles enqueue into the same lanes at once: every item is listed once, in some order per lane.
        const [added1, added2] = await Promise.all([a.outbox.enqueue(first, 1), b.outbox.enqueue(second, 1)]);
        expect(added1).toHaveLength(150);
        expect(added2).toHaveLength(150);
        expect(await outbox().backlog()).toEqual({ queued: 40 - 1 + 300 - 2, oldestQueuedAt: 0, paused: 3 });
        const heads = await outbox().due(1, 500);
        expect(heads).toHaveLength(149);
        const byLane = new Map(heads.map((i) => [i.lane, i.key]));
        for (const [n, lane] of lanes.entries()) {
          if (lane === 'many-7') expect(byLane.has(lane)).toBe(false);
          else if (n < 40) expect(byLane.get(lane)).toBe(earlier[n].key);
          else expect([first[n].key, second[n].key]).toContain(byLane.get(lane));
        }
        expect(await outbox().pausedLanes()).toContain('many-7');
      });

      it('keeps enqueue order within a lane across enqueue calls and handles', async () => {
        const [a, b] = await ctx.pair();
        const first = outboxItem({ lane: 'a' });
        const second = outboxItem({ lane: 'a' });
        await a.outbox.enqueue([first], 0);
        await b.outbox.enqueue([second], 0);
        expect(await a.outbox.claim(second.key, 'A', 100, 0)).toBeUndefined(); // not the head
        expect(await b.outbox.claim(first.key, 'B', 100, 0)).toMatchObject({ key: first.key });
      });

      it('holds a whole lane behind a head that is claimed or backing off', async () => {
        const head = outboxItem({ lane: 'a' });
        const next = outboxItem({ lane: 'a' });
        await outbox().enqueue([head, next], 0);
        await outbox().claim(head.key, 'A', 100, 0);
        expect(await outbox().due(50, 10)).toEqual([]);
        await outbox().retryLater(head.key, 'A', 500, { status: 503 }, 60);
        expect(await outbox().due(499, 10)).toEqual([]);
        expect(keysOf(await outbox().due(500, 10))).toEqual([head.key]);
      });

      it('moves past a head that failed, went or was cancelled', async () => {
        const items = ['failed', 'gone', 'cancelled'].map(() => outboxItem({ lane: 'a' }));
        const last = outboxItem({ lane: 'a' });
        await outbox().enqueue([...items, last], 0);
        for (const [n, state] of (['failed', 'gone', 'cancelled'] as const).entries()) {
          await outbox().claim(items[n].key, 'A', 100, 0);
          expect(await outbox().fail(items[n].key, 'A', state, { status: 400, code: 'BadArgument' }, 1)).toBe(true);
          expect(await outbox().get(items[n].key)).toMatchObject({ state, error: { status: 400, code: 'BadArgument' } });
        }
        expect(keysOf(await outbox().due(1, 10))).toEqual([last.key]);
      });

      it('orders due heads by notBefore, then enqueue order, and stops at the limit', async () => {
        const late = outboxItem({ lane: 'a', notBefore: 50 });
        const early = outboxItem({ lane: 'b', notBefore: 10 });
        const same1 = outboxItem({ lane: 'c', notBefore: 20 });
        const same2 = outboxItem({ lane: 'd', notBefore: 20 });
        const future = outboxItem({ lane: 'e', notBefore: 1000 });
        await outbox().enqueue([late, early, same1, same2, future], 0);
        expect(keysOf(await outbox().due(100, 10))).toEqual([early.key, same1.key, same2.key, late.key]);
        expect(keysOf(await outbox().due(100, 2))).toEqual([early.key, same1.key]);
      });

      it('offers nothing from a paused lane and refuses its claims, until it is resumed', async () => {
        const [a, b] = await ctx.pair();
        const paused = outboxItem({ lane: 'a' });
        const other = outboxItem({ lane: 'b' });
        await a.outbox.enqueue([paused, other], 0);
        await a.outbox.pauseLane('a', 1);
        await a.outbox.pauseLane('a', 2);
        expect(await b.outbox.pausedLanes()).toEqual(['a']);
        expect(keysOf(await b.outbox.due(5, 10))).toEqual([other.key]);
        expect(await b.outbox.claim(paused.key, 'B', 100, 5)).toBeUndefined();
        await b.outbox.resumeLane('a');
        expect(await a.outbox.pausedLanes()).toEqual([]);
        expect(keysOf(await a.outbox.due(5, 10))).toEqual([paused.key, other.key]);
      });
    });

    describe('claims', () => {
      it('gives a due item to exactly one of many concurrent callers, across handles', async () => {
        const item = outboxItem();
        await outbox().enqueue([item], 0);
        const claims = await ctx.race(8, (store, i) => store.outbox.claim(item.key, `holder-${i}`, 1000, 0));
        expect(claims.filter(Boolean)).toHaveLength(1);
      });

      it('refuses another holder while the claim is live, lets the holder claim again, and anyone once it has ended', async () => {
        const [a, b] = await ctx.pair();
        const item = outboxItem();
        await a.outbox.enqueue([item], 0);
        expect(await a.outbox.claim(item.key, 'A', 1000, 0)).toMatchObject({ claim: { holder: 'A', until: 1000 } });
        expect(await b.outbox.claim(item.key, 'B', 2000, 999)).toBeUndefined();
        expect(await a.outbox.claim(item.key, 'A', 1500, 999)).toMatchObject({ claim: { holder: 'A', until: 1500 } });
        expect(await b.outbox.claim(item.key, 'B', 3000, 1500)).toMatchObject({ claim: { holder: 'B', until: 3000 } });
        expect(await a.outbox.markSending(item.key, 'A', 1600)).toBe(false);
      });

      it('refuses a claim on an item that is not due yet, finished, or unknown', async () => {
        const later = outboxItem({ lane: 'a', notBefore: 100 });
        const done = outboxItem({ lane: 'b' });
        await outbox().enqueue([later, done], 0);
        await outbox().claim(done.key, 'A', 1000, 0);
        await outbox().complete(done.key, 'A', 'dry-run', sent, 1);
        expect(await outbox().claim(later.key, 'A', 1000, 99)).toBeUndefined();
        expect(await outbox().claim(done.key, 'A', 1000, 2)).toBeUndefined();
        expect(await outbox().claim('no-such-item', 'A', 1000, 2)).toBeUndefined();
      });

      it('changes nothing for a holder without the claim', async () => {
        const [a, b] = await ctx.pair();
        const item = outboxItem();
        await a.outbox.enqueue([item], 0);
        await a.outbox.claim(item.key, 'A', 1000, 0);
        expect(await b.outbox.markSending(item.key, 'B', 1)).toBe(false);
        expect(await b.outbox.complete(item.key, 'B', 'sent', sent, 1)).toBe(false);
        expect(await b.outbox.retryLater(item.key, 'B', 500, { status: 503 }, 1)).toBe(false);
        expect(await b.outbox.fail(item.key, 'B', 'gone', undefined, 1)).toBe(false);
        await b.outbox.release(item.key, 'B');
        expect(await a.outbox.get(item.key)).toMatchObject({ state: 'queued', attempts: 0, claim: { holder: 'A', until: 1000 } });
      });

      it('a released claim changes nothing else and frees the item at once', async () => {
        const [a, b] = await ctx.pair();
        const item = outboxItem();
        await a.outbox.enqueue([item], 0);
        await a.outbox.claim(item.key, 'A', 1000, 0);
        await a.outbox.release(item.key, 'A');
        expectSame(await b.outbox.get(item.key), queued(item, 0));
        expect(await b.outbox.claim(item.key, 'B', 2000, 1)).toBeDefined();
      });
    });

    describe('sending', () => {
      it('records "sending" and an attempt before the send, then where it landed, and ends the claim', async () => {
        const item = outboxItem();
        await outbox().enqueue([item], 0);
        await outbox().claim(item.key, 'A', 1000, 0);
        expect(await outbox().markSending(item.key, 'A', 1)).toBe(true);
        expect(await outbox().get(item.key)).toMatchObject({ state: 'sending', attempts: 1 });
        expect(await outbox().complete(item.key, 'A', 'sent', sent, 2)).toBe(true);
        expectSame(await outbox().get(item.key), { ...queued(item, 0), state: 'sent', attempts: 1, result: sent });
        expect(await outbox().due(3, 10)).toEqual([]);
      });

      it('offers a "sending" item again once its claim has ended: a crash to recover, attempts kept', async () => {
        const [a, b] = await ctx.pair();
        const item = outboxItem();
        await a.outbox.enqueue([item], 0);
        await a.outbox.claim(item.key, 'A', 1000, 0);
        await a.outbox.markSending(item.key, 'A', 1);
        expect(await b.outbox.due(999, 10)).toEqual([]);
        expect(await b.outbox.due(1000, 10)).toMatchObject([{ key: item.key, state: 'sending', attempts: 1 }]);
        expect(await b.outbox.claim(item.key, 'B', 2000, 1000)).toMatchObject({ state: 'sending', attempts: 1 });
        expect(await a.outbox.complete(item.key, 'A', 'sent', sent, 1001)).toBe(false);
        await b.outbox.markSending(item.key, 'B', 1001);
        expect(await b.outbox.complete(item.key, 'B', 'sent', sent, 1002)).toBe(true);
        expect(await a.outbox.get(item.key)).toMatchObject({ state: 'sent', attempts: 2 });
      });

      it('backs off: queued again not before the given instant, with the error kept until it is sent', async () => {
        const item = outboxItem();
        await outbox().enqueue([item], 0);
        await outbox().claim(item.key, 'A', 1000, 0);
        await outbox().markSending(item.key, 'A', 1);
        expect(await outbox().retryLater(item.key, 'A', 60_000, { status: 503, code: 'ServiceUnavailable' }, 2)).toBe(true);
        expectSame(await outbox().get(item.key), {
          ...queued(item, 0),
          attempts: 1,
          notBefore: 60_000,
          error: { status: 503, code: 'ServiceUnavailable' },
        });
        expect(await outbox().due(59_999, 10)).toEqual([]);
        expect(await outbox().claim(item.key, 'A', 70_000, 59_999)).toBeUndefined();
        await outbox().claim(item.key, 'A', 70_000, 60_000);
        await outbox().retryLater(item.key, 'A', 60_001, undefined, 60_000); // waiting, no new error: the last one stays
        expect((await outbox().get(item.key))?.error).toEqual({ status: 503, code: 'ServiceUnavailable' });
        await outbox().claim(item.key, 'A', 70_000, 60_001);
        await outbox().complete(item.key, 'A', 'sent', sent, 60_002);
        expect((await outbox().get(item.key))?.error).toBeUndefined();
      });
    });

    describe('progress and backlog', () => {
      it("counts a group's items in every state", async () => {
        const items = Array.from({ length: 5 }, (_, n) => outboxItem({ lane: `lane-${n}`, group: 'campaign-9' }));
        await outbox().enqueue([...items, outboxItem({ group: 'other' })], 0);
        for (const i of items.slice(0, 4)) await outbox().claim(i.key, 'A', 1000, 0);
        await outbox().markSending(items[0].key, 'A', 1);
        await outbox().complete(items[1].key, 'A', 'sent', sent, 1);
        await outbox().fail(items[2].key, 'A', 'gone', { status: 403, code: 'ConversationBlockedByUser' }, 1);
        await outbox().complete(items[3].key, 'A', 'dry-run', sent, 1);
        expect(await outbox().counts('campaign-9')).toEqual({
          queued: 1,
          sending: 1,
          sent: 1,
          failed: 0,
          gone: 1,
          cancelled: 0,
          'dry-run': 1,
        });
        expect(await outbox().counts('nobody')).toEqual({ queued: 0, sending: 0, sent: 0, failed: 0, gone: 0, cancelled: 0, 'dry-run': 0 });
      });

      it('reports what is still to go and the oldest of it, keeping paused lanes apart', async () => {
        expect(await outbox().backlog()).toEqual({ queued: 0, paused: 0 });
        const done = outboxItem({ lane: 'a' });
        const waiting = outboxItem({ lane: 'a' });
        const held = outboxItem({ lane: 'held' });
        await outbox().enqueue([done], 100);
        await outbox().enqueue([held], 150);
        await outbox().enqueue([waiting, outboxItem({ lane: 'b' })], 200);
        await outbox().claim(done.key, 'A', 1000, 300);
        await outbox().complete(done.key, 'A', 'sent', sent, 300);
        await outbox().pauseLane('held', 300);
        expect(await outbox().backlog()).toEqual({ queued: 2, oldestQueuedAt: 200, paused: 1 });
      });
    });

    it('hands out copies: changing what was passed in or got back changes nothing stored', async () => {
      const item = outboxItem();
      await outbox().enqueue([item], 0);
      (item.payload as { id: string }).id = 'changed';
      (item.to as { ref: Record<string, unknown> }).ref.serviceUrl = 'changed';
      const got = (await outbox().get(item.key))!;
      (got.payload as { id: string }).id = 'changed';
      (await outbox().due(0, 1))[0].payload.flag = false;
      expect((await outbox().get(item.key))!.payload).toEqual({ id: 'thing-1', flag: true });
      expect((await outbox().get(item.key))!.to).toEqual({ kind: 'conversation', ref: conversationRef('19:general') });
    });
  });
}
