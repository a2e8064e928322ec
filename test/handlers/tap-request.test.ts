import type { Reply } from '../../src/core/reply';
import type { DirectoryUser } from '../../src/domain/directory-types';
import { tapMessages } from '../../src/features/tap/tap-messages';
import { TAP_CARD_ACTIONS } from '../../src/features/tap/decision';
import { runTap } from '../../src/features/tap/request-pass';
import { cardText } from '../helpers/card-text';
import { commandInput, FakeDirectory, fakeConfig, fakeServices, HELPDESK_AGENT, type FakeServices } from '../helpers/fakes';

const GLOBAL_ADMINISTRATOR = '62e90394-69f5-4237-9190-012177145e10';

function onlyText(replies: Reply[]): string {
  expect(replies).toHaveLength(1);
  expect(replies[0].kind).toBe('text');
  return (replies[0] as Extract<Reply, { kind: 'text' }>).text;
}

/** A refused request leaves no trace: nothing stored, nobody asked, no pass. */
async function expectNothingHappened(s: FakeServices, target: DirectoryUser): Promise<void> {
  expect(await s.store.tapRequests.openFor(target.id)).toBeUndefined();
  expect(await s.store.tapRequests.history({ limit: 10 })).toEqual([]);
  expect(s.notifier.calls).toEqual([]);
  expect(s.authMethods.created).toEqual([]);
}

describe('tap <user> <reason>: pre-checks, request and approval, against in-memory Graph ports', () => {
  let s: FakeServices;
  let maria: DirectoryUser;
  beforeEach(() => {
    s = fakeServices();
    maria = s.directory.addUser({ displayName: 'Maria Manager' });
  });

  it('refuses a pass for yourself', async () => {
    const hank = s.directory.addUser({ displayName: 'Hank Helpdesk', id: HELPDESK_AGENT.aadObjectId, manager: maria });
    expect(onlyText(await runTap(commandInput('hank new phone'), s))).toBe(tapMessages.self());
    await expectNothingHappened(s, hank);
  });

  it('refuses an admin, whether the directory role or the registration report says so', async () => {
    const admins = s.directory.addRole('Global Administrator', GLOBAL_ADMINISTRATOR);
    const adam = s.directory.addUser({ displayName: 'Adam Admin', manager: maria, roles: [admins.roleTemplateId] });
    const ulla = s.directory.addUser({ displayName: 'Ulla Unregistered', manager: maria });
    s.registrationReport.addRow(ulla, { isAdmin: true });

    expect(onlyText(await runTap(commandInput('adam lost phone'), s))).toBe(tapMessages.privileged('Adam Admin'));
    expect(onlyText(await runTap(commandInput('ulla lost phone'), s))).toBe(tapMessages.privileged('Ulla Unregistered'));
    await expectNothingHappened(s, adam);
    await expectNothingHappened(s, ulla);
  });

  it("won't guess when Graph refuses to say which roles someone holds", async () => {
    const bob = s.directory.addUser({ displayName: 'Bob Baker', manager: maria });
    s.directory.fail('getMembership', 403);
    expect(onlyText(await runTap(commandInput('bob lost phone'), s))).toBe(tapMessages.privilegeUnknown('Bob Baker'));
    await expectNothingHappened(s, bob);
  });

  it('holds the request when Graph is failing, to check and route it once Graph answers', async () => {
    const bob = s.directory.addUser({ displayName: 'Bob Baker', manager: maria });
    s.directory.fail('getMembership', 503);
    expect(onlyText(await runTap(commandInput('bob lost phone'), s))).toBe(tapMessages.held('bob', 4));
    const held = await s.store.tapRequests.openFor('term:bob');
    expect(held).toMatchObject({ status: 'held', heldTerm: 'bob', reason: 'lost phone', approvers: [] });
    expect(await s.store.tapRequests.openFor(bob.id)).toBeUndefined();
    expect(s.notifier.calls).toEqual([]);
    expect((await s.store.tapRequests.history({ limit: 5 })).map((e) => e.event)).toEqual(['held']);
  });

  it('refuses a disabled account', async () => {
    const dave = s.directory.addUser({ displayName: 'Dave Disabled', manager: maria, accountEnabled: false });
    expect(onlyText(await runTap(commandInput('dave lost phone'), s))).toBe(tapMessages.disabled('Dave Disabled'));
    await expectNothingHappened(s, dave);
  });

  it('says so when the tenant has TAP turned off', async () => {
    const bob = s.directory.addUser({ displayName: 'Bob Baker', manager: maria });
    s.authMethods.setTapPolicy({ state: 'disabled' });
    expect(onlyText(await runTap(commandInput('bob lost phone'), s))).toBe(tapMessages.policyOff());
    await expectNothingHappened(s, bob);
  });

  it('needs an approver: no manager and no approver group is a sentence, not a request', async () => {
    const orphan = s.directory.addUser({ displayName: 'Olga Orphan' });
    expect(onlyText(await runTap(commandInput('olga lost phone'), s))).toBe(tapMessages.noApprovers('Olga Orphan'));
    await expectNothingHappened(s, orphan);
  });

  it('an ambiguous name offers buttons that keep the verb and the reason', async () => {
    s.directory.addUser({ displayName: 'Sam Smith' });
    s.directory.addUser({ displayName: 'Sam Stone' });
    const [reply] = await runTap(commandInput("sam new phone, can't sign in"), s);
    const card = (reply as Extract<Reply, { kind: 'card' }>).card;
    expect((card.actions as Array<{ data: { command: string } }>).map((a) => a.data.command)).toEqual([
      "tap sam.smith@contoso.example new phone, can't sign in",
      "tap sam.stone@contoso.example new phone, can't sign in",
    ]);
  });

  it('a request that passes goes to the manager and the approver group, never to the requester', async () => {
    const directory = new FakeDirectory();
    const approvers = directory.addGroup('TAP approvers');
    const maria = directory.addUser({ displayName: 'Maria Manager' });
    directory.addUser({ displayName: 'Hank Helpdesk', id: HELPDESK_AGENT.aadObjectId, memberOf: [approvers.id] });
    directory.addUser({ displayName: 'Anna Approver', memberOf: [approvers.id] });
    directory.addUser({ displayName: 'Gone Approver', memberOf: [approvers.id], accountEnabled: false });
    const bob = directory.addUser({ displayName: 'Bob Baker', manager: maria });
    const s = fakeServices({ directory, config: fakeConfig({ APPROVER_GROUP_ID: approvers.id }) });

    const reply = onlyText(await runTap(commandInput('bob lost phone'), s));
    const stored = await s.store.tapRequests.openFor(bob.id);
    expect(stored).toMatchObject({ status: 'pending', reason: 'lost phone', target: { name: 'Bob Baker', mfa: 'Not registered' } });
    expect(stored!.approvers.map((a) => `${a.name} via ${a.via}`)).toEqual(['Maria Manager via manager', 'Anna Approver via group']);
    expect(reply).toBe(tapMessages.requested(stored!, ['Maria Manager', 'Anna Approver'], []));
    expect(s.notifier.toUser(maria.id)).toHaveLength(1);
    expect(s.notifier.toUser(HELPDESK_AGENT.aadObjectId!)).toEqual([]);
  });

  it('never asks a disabled manager to approve', async () => {
    const gone = s.directory.addUser({ displayName: 'Gone Manager', accountEnabled: false });
    const bob = s.directory.addUser({ displayName: 'Bob Baker', manager: gone });
    const reply = onlyText(await runTap(commandInput('bob lost phone'), s));
    expect(reply).toBe(tapMessages.noApprovers('Bob Baker'));
    expect(await s.store.tapRequests.openFor(bob.id)).toBeUndefined();
    expect(s.notifier.toUser(gone.id)).toEqual([]);
  });

  it('approval creates the pass and hands its code to the requester alone', async () => {
    const bob = s.directory.addUser({ displayName: 'Bob Baker', manager: maria });
    onlyText(await runTap(commandInput('bob lost phone'), s));
    const req = (await s.store.tapRequests.openFor(bob.id))!;
    const approve = TAP_CARD_ACTIONS.find((a) => a.verb === 'tap.approve')!;

    const result = await approve.run(
      {
        verb: 'tap.approve',
        data: { requestId: req.id, lifetime: '120' },
        invoker: { teamsId: '29:maria', aadObjectId: maria.id, name: 'Maria Manager' },
        conversation: commandInput('').conversation,
        trigger: 'manual',
      },
      s,
    );

    expect(result.kind).toBe('card');
    expect(cardText((result as Extract<typeof result, { kind: 'card' }>).card)).toMatch(
      /Approved by Maria Manager, TAP valid until 2025-06-02 11:00 UTC/,
    );
    expect(s.authMethods.created.map((c) => [c.userId, c.tap.lifetimeMinutes])).toEqual([[bob.id, 120]]);
    const toRequester = s.notifier.calls.filter((c) => c.via === 'send' && c.reply.kind === 'text' && c.reply.text.includes('fake-tap-1'));
    expect(toRequester).toHaveLength(1);
    expect(JSON.stringify(s.notifier.calls.filter((c) => c !== toRequester[0]))).not.toContain('fake-tap-1');
    expect((await s.store.tapRequests.get(req.id))?.status).toBe('issued');
  });
});
