import { systemClock, withNow } from '../../src/core/clock';
import type { Reply } from '../../src/core/reply';
import { tapMessages } from '../../src/features/tap/tap-messages';
import { TAP_CARD_ACTIONS } from '../../src/features/tap/decision';
import { TapExpirySweeper } from '../../src/features/tap/expiry-sweeper';
import { runTap } from '../../src/features/tap/request-pass';
import { commandInput, fakeServices, FIXED_NOW, type FakeServices } from '../helpers/fakes';

const text = (replies: Reply[]) => (replies[0] as Extract<Reply, { kind: 'text' }>).text;

/** TAP requests held for Microsoft Graph: taken while it fails, moved on by the sweeper once it answers. */
describe('TAP requests held while Microsoft Graph fails', () => {
  let now = FIXED_NOW;
  let s: FakeServices;
  let sweeper: TapExpirySweeper;
  const later = (ms: number) => (now += ms);
  beforeEach(() => {
    now = FIXED_NOW;
    s = fakeServices<Partial<FakeServices>>({ clock: withNow(systemClock, () => now) }) as FakeServices;
    sweeper = new TapExpirySweeper(s);
  });

  const maria = () => s.directory.addUser({ displayName: 'Maria Manager' });
  const approve = async (requestId: string, approverId: string) =>
    TAP_CARD_ACTIONS.find((a) => a.verb === 'tap.approve')!.run(
      {
        verb: 'tap.approve',
        data: { requestId },
        invoker: { teamsId: '29:maria', aadObjectId: approverId, name: 'Maria Manager' },
        conversation: commandInput('').conversation,
        trigger: 'manual',
      },
      s,
    );

  it('checks and routes a held request once Graph answers, and tells the requester', async () => {
    const m = maria();
    const bob = s.directory.addUser({ displayName: 'Bob Baker', manager: m });
    s.directory.fail('getMembership', 503);
    expect(text(await runTap(commandInput('bob lost phone'), s))).toBe(tapMessages.held('bob', 4));

    // Still failing at the first try: it stays held and is tried again later.
    later(20_000);
    await sweeper.tick();
    expect((await s.store.tapRequests.openFor('term:bob'))?.status).toBe('held');

    s.directory.heal('getMembership');
    later(60_000);
    await sweeper.tick();
    const routed = await s.store.tapRequests.openFor(bob.id);
    expect(routed).toMatchObject({ status: 'pending', target: { id: bob.id, name: 'Bob Baker' }, approvers: [{ name: 'Maria Manager' }] });
    expect(s.notifier.toUser(m.id)).toHaveLength(1); // the approval card
    expect(
      s.notifier.calls.some((c) => JSON.stringify(c).includes('Microsoft Graph answered: I checked your TAP request for Bob Baker')),
    ).toBe(true);
    expect((await s.store.tapRequests.history({ limit: 5 })).map((e) => e.event)).toEqual(['routed', 'held']);
  });

  it('refuses a held request in the checks’ own words when they say no', async () => {
    const m = maria();
    const admins = s.directory.addRole('Global Administrator', '62e90394-69f5-4237-9190-012177145e10');
    s.directory.addUser({ displayName: 'Adam Admin', manager: m, roles: [admins.roleTemplateId] });
    s.directory.fail('getMembership', 503); // the roles can't be read: held rather than guessed
    expect(text(await runTap(commandInput('adam lost phone'), s))).toBe(tapMessages.held('adam', 4));
    s.directory.heal('getMembership');
    later(30_000);
    await sweeper.tick();
    expect(await s.store.tapRequests.openFor('term:adam')).toBeUndefined();
    expect(JSON.stringify(s.notifier.calls)).toContain(tapMessages.privileged('Adam Admin'));
    expect((await s.store.tapRequests.history({ limit: 5 })).map((e) => e.event)).toEqual(['refused', 'held']);
  });

  it('drops a held request when the hold ends, and says so truthfully', async () => {
    s.directory.addUser({ displayName: 'Bob Baker', manager: maria() });
    s.directory.fail('getMembership', 503);
    expect(text(await runTap(commandInput('bob lost phone'), s))).toBe(tapMessages.held('bob', 4));
    later(4 * 3_600_000 + 1);
    await sweeper.tick();
    expect(await s.store.tapRequests.openFor('term:bob')).toBeUndefined();
    expect(JSON.stringify(s.notifier.calls)).toContain('I held your TAP request for \\"bob\\" while Microsoft Graph was failing');
  });

  it('an approved pass Graph fails to create waits and is issued on its own, once, when Graph recovers', async () => {
    const m = maria();
    const bob = s.directory.addUser({ displayName: 'Bob Baker', manager: m });
    await runTap(commandInput('bob lost phone'), s);
    const req = (await s.store.tapRequests.openFor(bob.id))!;
    s.authMethods.fail('createTap', 503);
    await approve(req.id, m.id);
    await s.background.drain(5_000);
    const waiting = (await s.store.tapRequests.get(req.id))!;
    expect(waiting).toMatchObject({ status: 'waiting', attempts: 1 });
    expect(waiting.nextTryAt! - now).toBeLessThanOrEqual(30_000);
    expect(s.authMethods.created).toEqual([]);

    s.authMethods.heal('createTap');
    later(30_000);
    await sweeper.tick();
    expect((await s.store.tapRequests.get(req.id))?.status).toBe('issued');
    expect(s.authMethods.created).toHaveLength(1);
    const passes = s.notifier.calls.filter((c) => JSON.stringify(c).includes('Temporary Access Pass for **Bob Baker**'));
    expect(passes).toHaveLength(1);
    // Nothing left for the sweeper: the pass is not created twice.
    later(600_000);
    await sweeper.tick();
    expect(s.authMethods.created).toHaveLength(1);
  });

  it('an approval that waited past the hold says the pass was never created, not that nobody decided', async () => {
    const m = maria();
    const bob = s.directory.addUser({ displayName: 'Bob Baker', manager: m });
    await runTap(commandInput('bob lost phone'), s);
    const req = (await s.store.tapRequests.openFor(bob.id))!;
    s.authMethods.fail('createTap', 503);
    await approve(req.id, m.id);
    await s.background.drain(5_000);
    later(4 * 3_600_000 + 1);
    await sweeper.tick();
    expect((await s.store.tapRequests.get(req.id))?.status).toBe('expired');
    const said = JSON.stringify(s.notifier.calls);
    expect(said).toContain("Maria Manager approved the TAP for Bob Baker, but Microsoft Graph didn't recover in time");
    expect(said).not.toContain('expired without a decision');
  });
});
