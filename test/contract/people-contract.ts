import type { ContractContext } from './context';
import { conversationRef } from './fixtures';

export function describePeopleContract(ctx: ContractContext): void {
  describe('people', () => {
    const people = () => ctx.store().people;

    it("remembers a person's Teams id and 1:1 chat", async () => {
      await people().remember({ aadObjectId: 'alex-id', teamsId: '29:alex', personalChat: conversationRef('a:alex-1on1'), at: 1 });
      expect(await people().teamsIds(['alex-id'])).toEqual(new Map([['alex-id', '29:alex']]));
      expect(await people().personalChat('alex-id')).toEqual(conversationRef('a:alex-1on1'));
    });

    it('keeps what it knew when a later sighting lacks the Teams id or the chat', async () => {
      await people().remember({ aadObjectId: 'alex-id', teamsId: '29:alex', personalChat: conversationRef('a:alex-1on1'), at: 1 });
      await people().remember({ aadObjectId: 'alex-id', at: 2 });
      expect(await people().teamsIds(['alex-id'])).toEqual(new Map([['alex-id', '29:alex']]));
      expect(await people().personalChat('alex-id')).toEqual(conversationRef('a:alex-1on1'));
    });

    it('replaces the Teams id and the chat when a later sighting has new ones', async () => {
      await people().remember({ aadObjectId: 'alex-id', teamsId: '29:alex', personalChat: conversationRef('a:alex-1on1'), at: 1 });
      await people().remember({ aadObjectId: 'alex-id', teamsId: '29:alex-new', personalChat: conversationRef('a:alex-new'), at: 2 });
      expect((await people().teamsIds(['alex-id'])).get('alex-id')).toBe('29:alex-new');
      expect(await people().personalChat('alex-id')).toEqual(conversationRef('a:alex-new'));
    });

    it('treats Entra object ids case-insensitively and answers with lower-cased keys', async () => {
      await people().remember({ aadObjectId: 'Alex-Id', teamsId: '29:alex', personalChat: conversationRef('a:alex-1on1'), at: 1 });
      expect(await people().teamsIds(['ALEX-ID'])).toEqual(new Map([['alex-id', '29:alex']]));
      expect(await people().personalChat('alex-ID')).toEqual(conversationRef('a:alex-1on1'));
    });

    it('leaves out people it has no Teams id for', async () => {
      await people().remember({ aadObjectId: 'alex-id', teamsId: '29:alex', at: 1 });
      await people().remember({ aadObjectId: 'diego-id', personalChat: conversationRef('a:diego-1on1'), at: 1 });
      expect(await people().teamsIds(['alex-id', 'diego-id', 'stranger-id'])).toEqual(new Map([['alex-id', '29:alex']]));
      expect((await people().teamsIds([])).size).toBe(0);
    });

    it('answers undefined for the chat of someone never seen in one', async () => {
      await people().remember({ aadObjectId: 'alex-id', teamsId: '29:alex', at: 1 });
      expect(await people().personalChat('alex-id')).toBeUndefined();
      expect(await people().personalChat('stranger-id')).toBeUndefined();
    });

    it('says which of many people it has a 1:1 chat with, ids compared case-insensitively', async () => {
      await people().remember({ aadObjectId: 'Alex-Id', teamsId: '29:alex', personalChat: conversationRef('a:alex-1on1'), at: 1 });
      await people().remember({ aadObjectId: 'diego-id', teamsId: '29:diego', at: 1 });
      await people().remember({ aadObjectId: 'megan-id', personalChat: conversationRef('a:megan-1on1'), at: 1 });
      await people().forgetPersonalChat('megan-id');
      expect(await people().knownPersonalChats(['ALEX-ID', 'diego-id', 'megan-id', 'stranger-id', 'alex-id'])).toEqual(
        new Set(['alex-id']),
      );
      expect(await people().knownPersonalChats([])).toEqual(new Set());
    });

    it('counts a cohort of thousands at once', async () => {
      const ids = Array.from({ length: 1_200 }, (_, i) => `person-${i}`);
      for (const id of ids.filter((_, i) => i % 3 === 0))
        await people().remember({ aadObjectId: id, personalChat: conversationRef(`a:${id}`), at: 1 });
      expect((await people().knownPersonalChats(ids)).size).toBe(400);
    });

    it('forgets the 1:1 chat but keeps the Teams id', async () => {
      await people().remember({ aadObjectId: 'alex-id', teamsId: '29:alex', personalChat: conversationRef('a:alex-1on1'), at: 1 });
      await people().forgetPersonalChat('ALEX-ID');
      await people().forgetPersonalChat('stranger-id');
      expect(await people().personalChat('alex-id')).toBeUndefined();
      expect((await people().teamsIds(['alex-id'])).get('alex-id')).toBe('29:alex');
    });
  });
}
