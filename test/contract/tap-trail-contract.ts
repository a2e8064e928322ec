import type { ContractContext } from './context';
import { auditEntry, conversationRef, tapCard, tapRequest } from './fixtures';
import { expectSame, keyPaths } from './same';

export function describeTapTrailContract(ctx: ContractContext): void {
  describe('TAP cards and audit trail', () => {
    const tap = () => ctx.store().tapRequests;
    const created = async () => {
      const req = tapRequest();
      await tap().create(req);
      return req;
    };

    it("lists a request's cards in the order they were added, and no other request's", async () => {
      const req = await created();
      const other = await created();
      const approverCard = tapCard(req.id);
      const trackingCard = tapCard(req.id, {
        role: 'tracking',
        approverId: undefined,
        actionable: false,
        ref: conversationRef('19:helpdesk'),
      });
      await tap().addCard(approverCard);
      await tap().addCard(tapCard(other.id));
      await tap().addCard(trackingCard);
      expect(await tap().cards(req.id)).toEqual([approverCard, trackingCard]);
      expect(await tap().cards('no-such-request')).toEqual([]);
    });

    it('replaces a card added again for the same request, conversation and activity', async () => {
      const req = await created();
      const card = tapCard(req.id, { role: 'tracking', actionable: true, mentioned: ['manager-1'] });
      await tap().addCard(card);
      await tap().addCard({ ...card, actionable: false, mentioned: [] });
      expect(await tap().cards(req.id)).toEqual([{ ...card, actionable: false, mentioned: [] }]);
    });

    it('keeps cards with the same activity id in different conversations apart', async () => {
      const req = await created();
      const inChat = tapCard(req.id, { activityId: 'activity-1', ref: conversationRef('a:nestor-1on1') });
      const inChannel = tapCard(req.id, { activityId: 'activity-1', ref: conversationRef('19:helpdesk') });
      await tap().addCard(inChat);
      await tap().addCard(inChannel);
      expect(await tap().cards(req.id)).toEqual([inChat, inChannel]);
    });

    it('reads audit entries back as written, newest first', async () => {
      const entries = [
        auditEntry({ at: 1_000, event: 'requested' }),
        auditEntry({ at: 2_000, event: 'approved', actor: { id: 'manager-1', name: 'Nestor Wilke' } }),
        auditEntry({ at: 3_000, event: 'issued', actor: undefined, detail: 'valid until 2025-03-01T09:00:00.000Z' }),
      ];
      for (const e of entries) await tap().audit(e);
      expect(await tap().history({ limit: 10 })).toEqual([...entries].reverse());
    });

    it('returns at most `limit` entries, the newest', async () => {
      for (const at of [1, 2, 3, 4]) await tap().audit(auditEntry({ at }));
      expect((await tap().history({ limit: 2 })).map((e) => e.at)).toEqual([4, 3]);
    });

    it("filters the history to one user's entries, comparing ids case-insensitively", async () => {
      const alex = (id: string) => auditEntry({ target: { id, upn: 'alexw@contoso.test', name: 'Alex Wilber' } });
      const first = alex('Alex-Id');
      const second = alex('alex-id');
      await tap().audit(first);
      await tap().audit(auditEntry({ target: { id: 'diego-id', upn: 'diegos@contoso.test', name: 'Diego Siciliani' } }));
      await tap().audit(second);
      expect((await tap().history({ targetId: 'ALEX-ID', limit: 10 })).map((e) => e.requestId)).toEqual([
        second.requestId,
        first.requestId,
      ]);
    });

    it('keeps no pass code: nothing read back from the TAP store has a code or secret field', async () => {
      const req = await created();
      const issued = { ...req, status: 'issued' as const, issuedAt: 3_000, tapValidUntil: '2025-03-01T09:00:00.000Z' };
      await tap().transition('pending', issued);
      await tap().addCard(tapCard(req.id));
      await tap().audit(auditEntry({ requestId: req.id, event: 'issued', detail: `valid until ${issued.tapValidUntil}` }));
      const readBack = [await tap().get(req.id), await tap().cards(req.id), await tap().history({ limit: 10 })];
      expect(keyPaths(readBack).filter((k) => /code|secret|password/i.test(k))).toEqual([]);
      expectSame(readBack[0], issued);
    });
  });
}
