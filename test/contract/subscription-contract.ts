import type { SubscriptionTarget } from '../../src/domain/health-types';
import type { ContractContext } from './context';
import { ALL, EXCHANGE, IDENTITY, TEAMS, conversationRef, subscription } from './fixtures';

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
      await health.progress.begin('EX1', 'chat-1', 's1');
      await health.progress.begin('EX1', 'chat-2', 's2');
      await subs().removeTargets('chat-1');
      expect([...(await health.progress.forIssue('EX1')).keys()]).toEqual(['chat-2']);
    });
  });
}
