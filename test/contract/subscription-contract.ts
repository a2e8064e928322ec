import type { SubscriptionTarget } from '../../src/domain/health-types';
import type { ContractContext } from './context';
import { ALL, IDENTITY, conversationRef, service, subscription } from './fixtures';

const EXCHANGE = service('Exchange', 'Exchange Online');
const TEAMS = service('MicrosoftTeams', 'Microsoft Teams');

/** Targets are a set: their order carries no meaning. */
const asSet = (targets: SubscriptionTarget[] | undefined) =>
  [...(targets ?? [])].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

export function describeSubscriptionContract(ctx: ContractContext): void {
  describe('health subscriptions', () => {
    const subs = () => ctx.store().health.subscriptions;
    const targetsOf = async (key: string) => asSet((await subs().get(key))?.targets);

    it('creates an active subscription with the first target and returns it as stored', async () => {
      const returned = await subs().addTarget(subscription('chat-1'), IDENTITY, 100);
      expect(returned).toEqual({ ...subscription('chat-1'), targets: [IDENTITY], active: true });
      expect(await subs().get('chat-1')).toEqual(returned);
    });

    it('answers undefined for a conversation that never subscribed', async () => {
      expect(await subs().get('nobody')).toBeUndefined();
    });

    it('adds further targets next to the existing ones, each once', async () => {
      await subs().addTarget(subscription('chat-1'), IDENTITY, 100);
      await subs().addTarget(subscription('chat-1'), EXCHANGE, 101);
      await subs().addTarget(subscription('chat-1'), EXCHANGE, 102);
      expect(await targetsOf('chat-1')).toEqual(asSet([IDENTITY, EXCHANGE]));
    });

    it('replaces every other target when `all` is added', async () => {
      await subs().addTarget(subscription('chat-1'), IDENTITY, 100);
      await subs().addTarget(subscription('chat-1'), EXCHANGE, 101);
      await subs().addTarget(subscription('chat-1'), ALL, 102);
      expect(await targetsOf('chat-1')).toEqual([ALL]);
    });

    it('adds nothing next to `all`', async () => {
      await subs().addTarget(subscription('chat-1'), ALL, 100);
      await subs().addTarget(subscription('chat-1'), EXCHANGE, 101);
      expect(await targetsOf('chat-1')).toEqual([ALL]);
    });

    it('refreshes the reference and service URL when a target is added again, keeping who created it', async () => {
      await subs().addTarget(subscription('chat-1'), IDENTITY, 100);
      const moved = subscription('chat-1', {
        serviceUrl: 'https://smba.test/amer/',
        reference: conversationRef('chat-1-moved'),
        createdBy: 'other-admin',
      });
      const returned = await subs().addTarget(moved, IDENTITY, 200);
      expect(returned.serviceUrl).toBe('https://smba.test/amer/');
      expect(returned.reference).toEqual(conversationRef('chat-1-moved'));
      expect(returned.createdBy).toBe('admin-1');
    });

    it('reactivates an inactive subscription and clears why it was off when a target is added', async () => {
      await subs().addTarget(subscription('chat-1'), IDENTITY, 100);
      await subs().setActive({ key: 'chat-1' }, false, 'bot removed', 150);
      const returned = await subs().addTarget(subscription('chat-1'), IDENTITY, 200);
      expect(returned.active).toBe(true);
      expect(returned.inactiveReason).toBeUndefined();
    });

    it('removes one target and counts it, keeping the subscription while targets are left', async () => {
      await subs().addTarget(subscription('chat-1'), IDENTITY, 100);
      await subs().addTarget(subscription('chat-1'), EXCHANGE, 101);
      expect(await subs().removeTargets('chat-1', EXCHANGE)).toBe(1);
      expect(await targetsOf('chat-1')).toEqual([IDENTITY]);
    });

    it('counts 0 and changes nothing when the target to remove is not there', async () => {
      await subs().addTarget(subscription('chat-1'), IDENTITY, 100);
      expect(await subs().removeTargets('chat-1', TEAMS)).toBe(0);
      expect(await subs().removeTargets('nobody')).toBe(0);
      expect(await targetsOf('chat-1')).toEqual([IDENTITY]);
    });

    it('deletes the subscription when its last target is removed', async () => {
      await subs().addTarget(subscription('chat-1'), IDENTITY, 100);
      expect(await subs().removeTargets('chat-1', IDENTITY)).toBe(1);
      expect(await subs().get('chat-1')).toBeUndefined();
    });

    it('removes every target when none is named, and counts them', async () => {
      await subs().addTarget(subscription('chat-1'), IDENTITY, 100);
      await subs().addTarget(subscription('chat-1'), EXCHANGE, 101);
      expect(await subs().removeTargets('chat-1')).toBe(2);
      expect(await subs().get('chat-1')).toBeUndefined();
    });

    it("deletes the subscription's deliveries with it, and only those", async () => {
      const { health } = ctx.store();
      await subs().addTarget(subscription('chat-1'), IDENTITY, 100);
      await subs().addTarget(subscription('chat-2'), IDENTITY, 100);
      await health.deliveries.claim('EX1', 'chat-1', 'A', 1000, 0);
      await health.deliveries.claim('EX1', 'chat-2', 'A', 1000, 0);
      await subs().removeTargets('chat-1');
      expect([...(await health.deliveries.forIssue('EX1')).keys()]).toEqual(['chat-2']);
    });

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
