import type { ContractContext } from './context';
import { IDENTITY, auditEntry, conversationRef, exportLink, healthIssue, subscription, tapCard, tapRequest } from './fixtures';

// A store hands out and keeps its own copies: changing an object after passing it in, or after getting
// it back, must never change what is stored (a database does this for free; a memory store must not forget).
export function describeIsolationContract(ctx: ContractContext): void {
  describe('stored values are copies', () => {
    it('TAP requests', async () => {
      const { tapRequests } = ctx.store();
      const req = tapRequest();
      const original = structuredClone(req);
      await tapRequests.create(req);
      req.approvers.push({ id: 'intruder', name: 'Intruder', via: 'group' });
      (await tapRequests.get(req.id))!.target.upn = 'changed@contoso.test';
      (await tapRequests.openFor(req.target.id))!.policy.max = 99_999;
      expect(await tapRequests.get(req.id)).toEqual(original);
    });

    it('TAP cards and audit entries', async () => {
      const { tapRequests } = ctx.store();
      const req = tapRequest();
      await tapRequests.create(req);
      const card = tapCard(req.id, { mentioned: ['manager-1'] });
      const entry = auditEntry({ requestId: req.id });
      await tapRequests.addCard(card);
      await tapRequests.audit(entry);
      card.mentioned.push('intruder');
      entry.target.name = 'changed';
      (await tapRequests.cards(req.id))[0].mentioned.push('intruder');
      (await tapRequests.history({ limit: 1 }))[0].target.name = 'changed';
      expect((await tapRequests.cards(req.id))[0].mentioned).toEqual(['manager-1']);
      expect((await tapRequests.history({ limit: 1 }))[0].target.name).toBe('Alex Wilber');
    });

    it('subscriptions', async () => {
      const { subscriptions } = ctx.store().health;
      const input = subscription('chat-1');
      const returned = await subscriptions.addTarget(input, IDENTITY, 100);
      (input.reference.conversation as { id: string }).id = 'changed';
      returned.targets.push({ kind: 'all' });
      (await subscriptions.get('chat-1'))!.reference.serviceUrl = 'changed';
      (await subscriptions.listActive())[0].targets.length = 0;
      expect(await subscriptions.get('chat-1')).toEqual({ ...subscription('chat-1'), targets: [IDENTITY], active: true });
    });

    it('issues and deliveries', async () => {
      const { issues, progress } = ctx.store().health;
      const issue = healthIssue();
      await issues.saveIssues([issue], issue.lastModifiedDateTime, 1);
      issue.posts.push({ createdDateTime: issue.lastModifiedDateTime, html: 'changed' });
      (await issues.openIssues())[0].posts.length = 0;
      expect((await issues.issuesChangedSince(issue.lastModifiedDateTime))[0].posts).toHaveLength(1);

      const d = await progress.begin(issue.id, 'chat-1', 's1');
      const saved = { ...d, progress: { postCount: 1, status: 'investigating', isResolved: false } };
      await progress.save([saved]);
      saved.progress.postCount = 7;
      (await progress.forIssue(issue.id)).get('chat-1')!.progress!.postCount = 8;
      expect((await progress.begin(issue.id, 'chat-1', 's1')).progress?.postCount).toBe(1);
    });

    it('people and export links', async () => {
      const { people, exportLinks } = ctx.store();
      const chat = conversationRef('a:alex-1on1');
      await people.remember({ aadObjectId: 'alex-id', teamsId: '29:alex', personalChat: chat, at: 1 });
      chat.serviceUrl = 'changed';
      (await people.personalChat('alex-id'))!.serviceUrl = 'changed';
      expect(await people.personalChat('alex-id')).toEqual(conversationRef('a:alex-1on1'));

      const link = exportLink();
      const original = { ...link };
      await exportLinks.put(link);
      link.path = '/etc/passwd';
      (await exportLinks.get(link.tokenHash))!.path = '/etc/passwd';
      expect(await exportLinks.get(link.tokenHash)).toEqual(original);
    });
  });
}
