import type { TapRequest, TapStatus } from '../../src/domain/tap-request';
import type { ContractContext } from './context';
import { tapRequest, tapTarget, uniqueId } from './fixtures';
import { expectSame } from './same';

const OPEN: TapStatus[] = ['pending', 'approved', 'failed'];
const CLOSED: TapStatus[] = ['issued', 'rejected', 'refused', 'expired'];

const approve = (req: TapRequest, at: number, by = 'Nestor Wilke'): TapRequest => ({
  ...req,
  status: 'approved',
  decidedAt: at,
  decidedBy: { id: 'manager-1', name: by },
});

export function describeTapRequestContract(ctx: ContractContext): void {
  describe('TAP requests', () => {
    const tap = () => ctx.store().tapRequests;

    it('reads a request back exactly as it was created, with nothing added', async () => {
      const req = tapRequest();
      expect(await tap().create(req)).toBe('created');
      expectSame(await tap().get(req.id), req);
    });

    it('answers undefined for an unknown id', async () => {
      expect(await tap().get('no-such-request')).toBeUndefined();
    });

    it.each(OPEN)('refuses a second request for a user whose request is still %s, comparing ids case-insensitively', async (status) => {
      await tap().create(tapRequest({ target: tapTarget('Alex-Id'), status }));
      expect(await tap().create(tapRequest({ target: tapTarget('alex-id') }))).toBe('target-busy');
    });

    it.each(CLOSED)('accepts a new request for a user whose last one is %s', async (status) => {
      await tap().create(tapRequest({ target: tapTarget('alex-id'), status }));
      expect(await tap().create(tapRequest({ target: tapTarget('alex-id') }))).toBe('created');
    });

    it('creates exactly one of many concurrent requests for the same user', async () => {
      const reqs = Array.from({ length: 6 }, () => tapRequest({ target: tapTarget('alex-id') }));
      const answers = await ctx.race(reqs.length, (store, i) => store.tapRequests.create(reqs[i]));
      expect(answers.filter((a) => a === 'created')).toHaveLength(1);
      expect((await tap().openFor('alex-id'))?.id).toBe(reqs[answers.indexOf('created')].id);
    });

    it('stores the next value when the request is still in the expected state', async () => {
      const req = tapRequest();
      await tap().create(req);
      expect(await tap().transition('pending', approve(req, 2_000))).toBe(true);
      expectSame(await tap().get(req.id), approve(req, 2_000));
    });

    it('refuses a transition from a state the request is no longer in, and stores nothing of it', async () => {
      const req = tapRequest();
      await tap().create(req);
      await tap().transition('pending', { ...req, status: 'rejected', rejectReason: 'not verified' });
      expect(await tap().transition('pending', approve(req, 2_000))).toBe(false);
      expect(await tap().get(req.id)).toMatchObject({ status: 'rejected', rejectReason: 'not verified' });
      expect((await tap().get(req.id))?.decidedBy).toBeUndefined();
    });

    it('refuses a transition of a request that does not exist', async () => {
      expect(await tap().transition('pending', approve(tapRequest(), 2_000))).toBe(false);
    });

    it("lets exactly one of many concurrent transitions win, and keeps the winner's value", async () => {
      const req = tapRequest();
      await tap().create(req);
      const won = await ctx.race(8, (store, i) => store.tapRequests.transition('pending', approve(req, 2_000, `approver ${i}`)));
      expect(won.filter(Boolean)).toHaveLength(1);
      expect((await tap().get(req.id))?.decidedBy?.name).toBe(`approver ${won.indexOf(true)}`);
    });

    it('finds the open request for a user case-insensitively, failed ones included', async () => {
      const req = tapRequest({ target: tapTarget('Alex-Id'), status: 'failed' });
      await tap().create(req);
      expectSame(await tap().openFor('ALEX-ID'), req);
    });

    it('finds no open request once the last one is closed', async () => {
      const req = tapRequest({ target: tapTarget('alex-id') });
      await tap().create(req);
      await tap().transition('pending', { ...req, status: 'expired' });
      expect(await tap().openFor('alex-id')).toBeUndefined();
    });

    it('counts requests by a requester created strictly after `since`, ids compared case-insensitively', async () => {
      const by = (id: string, createdAt: number) => tapRequest({ requester: { ...tapRequest().requester, id }, createdAt });
      for (const req of [by('Megan-Id', 100), by('megan-id', 200), by('megan-id', 300), by('someone-else', 300)]) await tap().create(req);
      expect(await tap().countByRequesterSince('MEGAN-ID', 100)).toBe(2);
      expect(await tap().countByRequesterSince('megan-id', 99)).toBe(3);
      expect(await tap().countByRequesterSince('nobody', 0)).toBe(0);
    });

    it('finds pending and failed requests at or past their deadline as due', async () => {
      const due = [tapRequest({ expiresAt: 500 }), tapRequest({ status: 'failed', expiresAt: 1_000 })];
      const notYet = [tapRequest({ expiresAt: 1_001 }), tapRequest({ status: 'failed', expiresAt: 1_001 })];
      for (const req of [...due, ...notYet]) await tap().create(req);
      expect((await tap().due(1_000, 0)).map((r) => r.id)).toEqual(due.map((r) => r.id));
    });

    it('finds approved requests decided at or before `stuckBefore` as due, whatever their deadline', async () => {
      const stuck = tapRequest({ expiresAt: 90_000 });
      const recent = tapRequest({ expiresAt: 90_000 });
      for (const req of [stuck, recent]) await tap().create(req);
      await tap().transition('pending', approve(stuck, 400));
      await tap().transition('pending', approve(recent, 401));
      expect((await tap().due(1_000, 400)).map((r) => r.id)).toEqual([stuck.id]);
    });

    it('never finds issued, rejected or expired requests due', async () => {
      for (const status of CLOSED) await tap().create(tapRequest({ status, expiresAt: 0, decidedAt: 0 }));
      expect(await tap().due(1_000, 1_000)).toEqual([]);
    });

    it('returns at most 100 due requests, earliest deadline first', async () => {
      const reqs = Array.from({ length: 105 }, (_, i) => tapRequest({ expiresAt: 1_000 - i }));
      for (const req of reqs) await tap().create(req);
      const due = await tap().due(1_000, 0);
      expect(due.map((r) => r.expiresAt)).toEqual(Array.from({ length: 100 }, (_, i) => 896 + i));
    });

    it('finds a request created as approved due by its decision time', async () => {
      const req = approve(tapRequest({ expiresAt: 90_000 }), 400);
      await tap().create(req);
      expectSame(await tap().due(1_000, 500), [req]);
    });

    it('finds held and waiting requests due at their next try or past their hold, not before', async () => {
      const heldNow = tapRequest({ status: 'held', heldTerm: 'bob', target: tapTarget(''), nextTryAt: 900, expiresAt: 90_000 });
      const heldLater = tapRequest({ status: 'held', heldTerm: 'carol', target: tapTarget(''), nextTryAt: 5_000, expiresAt: 90_000 });
      const waitingNow = tapRequest({ status: 'waiting', nextTryAt: 1_000, expiresAt: 90_000, decidedAt: 0 });
      const waitingLapsed = tapRequest({ status: 'waiting', nextTryAt: 50_000, expiresAt: 800, decidedAt: 0 });
      for (const req of [heldNow, heldLater, waitingNow, waitingLapsed]) await tap().create(req);
      expect((await tap().due(1_000, 0)).map((r) => r.id).sort()).toEqual([heldNow.id, waitingNow.id, waitingLapsed.id].sort());
    });

    it('keeps one open request per user for held (by the name typed) and waiting requests too', async () => {
      await tap().create(tapRequest({ status: 'held', heldTerm: 'Bob', target: tapTarget(''), nextTryAt: 1, expiresAt: 90_000 }));
      expect(
        await tap().create(tapRequest({ status: 'held', heldTerm: 'bob', target: tapTarget(''), nextTryAt: 1, expiresAt: 90_000 })),
      ).toBe('target-busy');
      const waiting = tapRequest({ status: 'waiting', nextTryAt: 1, expiresAt: 90_000, decidedAt: 0 });
      await tap().create(waiting);
      expect(await tap().create(tapRequest({ target: waiting.target }))).toBe('target-busy');
      expect((await tap().openFor(waiting.target.id))?.id).toBe(waiting.id);
    });

    it('counts requests in each status, every status present', async () => {
      expect(Object.values(await tap().countByStatus()).every((n) => n === 0)).toBe(true);
      const pending = tapRequest();
      for (const req of [pending, tapRequest(), tapRequest({ status: 'issued' }), tapRequest({ status: 'expired' })])
        await tap().create(req);
      await tap().transition('pending', approve(pending, 2_000));
      expect(await tap().countByStatus()).toEqual({
        held: 0,
        pending: 1,
        approved: 1,
        waiting: 0,
        issued: 1,
        failed: 0,
        rejected: 0,
        refused: 0,
        expired: 1,
      });
    });

    it('moves a held request onto its user when the checks route it', async () => {
      const held = tapRequest({ status: 'held', heldTerm: 'dana', target: tapTarget(''), nextTryAt: 1, expiresAt: 90_000 });
      await tap().create(held);
      const target = tapTarget(uniqueId('dana'));
      expect(await tap().transition('held', { ...held, status: 'pending', target, heldTerm: undefined, nextTryAt: undefined })).toBe(true);
      expect((await tap().openFor(target.id))?.id).toBe(held.id);
      // The name it was held under is free again.
      expect(
        await tap().create(tapRequest({ status: 'held', heldTerm: 'dana', target: tapTarget(''), nextTryAt: 1, expiresAt: 90_000 })),
      ).toBe('created');
    });
  });
}
