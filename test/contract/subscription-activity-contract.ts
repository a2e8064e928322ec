import type { ContractContext } from './context';
import { EXCHANGE, IDENTITY, subscription } from './fixtures';

export function describeSubscriptionActivityContract(ctx: ContractContext): void {
  describe('health subscriptions: listing and turning on and off', () => {
    const subs = () => ctx.store().health.subscriptions;

    it('lists active subscriptions oldest first (then by key), however often they were refreshed', async () => {
      await subs().addTarget(subscription('chat-b'), IDENTITY, 100);
      await subs().addTarget(subscription('chat-c'), IDENTITY, 200);
      await subs().addTarget(subscription('chat-a'), IDENTITY, 200);
      await subs().addTarget(subscription('chat-b'), EXCHANGE, 300);
      expect((await subs().listActive()).map((s) => s.key)).toEqual(['chat-b', 'chat-a', 'chat-c']);
    });

    it('leaves inactive subscriptions out of the active list', async () => {
      await subs().addTarget(subscription('chat-1'), IDENTITY, 100);
      await subs().addTarget(subscription('chat-2'), IDENTITY, 100);
      await subs().setActive({ key: 'chat-1' }, false, 'bot removed', 150);
      expect((await subs().listActive()).map((s) => s.key)).toEqual(['chat-2']);
    });

    it('turns a subscription off with its reason, and back on without one', async () => {
      await subs().addTarget(subscription('chat-1'), IDENTITY, 100);
      expect(await subs().setActive({ key: 'chat-1' }, false, 'bot removed', 150)).toBe(1);
      expect(await subs().get('chat-1')).toMatchObject({ active: false, inactiveReason: 'bot removed' });
      expect(await subs().setActive({ key: 'chat-1' }, true, 'ignored when turning on', 160)).toBe(1);
      const back = await subs().get('chat-1');
      expect(back?.active).toBe(true);
      expect(back?.inactiveReason).toBeUndefined();
    });

    it("matches a team's subscriptions by team id, or a chat by conversation id", async () => {
      await subs().addTarget(subscription('19:general', { kind: 'channel', teamId: 'team-1', channelId: '19:general' }), IDENTITY, 100);
      await subs().addTarget(subscription('19:helpdesk', { kind: 'channel', teamId: 'team-1', channelId: '19:helpdesk' }), IDENTITY, 100);
      await subs().addTarget(subscription('19:other', { kind: 'channel', teamId: 'team-2', channelId: '19:other' }), IDENTITY, 100);
      await subs().addTarget(subscription('chat-1', { conversationId: '19:chat-1@thread.v2' }), IDENTITY, 100);
      expect(await subs().setActive({ teamId: 'team-1' }, false, 'bot removed from team', 150)).toBe(2);
      expect(await subs().setActive({ conversationId: '19:chat-1@thread.v2' }, false, 'bot removed', 150)).toBe(1);
      expect((await subs().listActive()).map((s) => s.key)).toEqual(['19:other']);
    });

    it('matches a subscription when any one of key, team id or conversation id fits', async () => {
      await subs().addTarget(subscription('chat-1'), IDENTITY, 100);
      await subs().addTarget(subscription('19:general', { kind: 'channel', teamId: 'team-1' }), IDENTITY, 100);
      await subs().addTarget(subscription('chat-3'), IDENTITY, 100);
      expect(await subs().setActive({ key: 'chat-1', teamId: 'team-1', conversationId: 'chat-3' }, false, 'gone', 150)).toBe(3);
    });

    it('counts only the subscriptions it actually changed', async () => {
      await subs().addTarget(subscription('19:general', { kind: 'channel', teamId: 'team-1' }), IDENTITY, 100);
      await subs().addTarget(subscription('19:helpdesk', { kind: 'channel', teamId: 'team-1' }), IDENTITY, 100);
      await subs().setActive({ key: '19:general' }, false, 'bot removed', 150);
      expect(await subs().setActive({ teamId: 'team-1' }, false, 'bot removed from team', 160)).toBe(1);
      expect(await subs().setActive({ teamId: 'team-1' }, false, 'bot removed from team', 170)).toBe(0);
      expect(await subs().setActive({ teamId: 'no-such-team' }, true, undefined, 180)).toBe(0);
    });

    it('changes nothing when the match names nothing', async () => {
      await subs().addTarget(subscription('chat-1'), IDENTITY, 100);
      expect(await subs().setActive({}, false, 'gone', 150)).toBe(0);
      expect((await subs().get('chat-1'))?.active).toBe(true);
    });
  });
}
