import { CONTOSO } from '../../src/simulator/seed/contoso';
import { cardOf, cardText } from '../helpers/card-text';
import { startTestBot, type TestBot } from '../helpers/test-bot';
import { messageActivity } from '../helpers/activities';
import { cardProblems } from '../helpers/validate-card';
import {
  approvalCardFor,
  cardUpdated,
  click,
  expectCodesSecret,
  latestCard,
  oneOnOneWith,
  passMessages,
  person,
  said,
  tapPosts,
  U,
} from '../helpers/tap-flow';

const hank = person('hank');
const maria = person('maria');
const carlos = person('carlos');
const channel = { kind: 'channel' as const, channelId: '19:helpdesk@thread.tacv2' };
const HELPDESK = { HELPDESK_GROUP_ID: CONTOSO.groups.helpdesk };

function expectValid(card: any) {
  expect(cardProblems(card)).toEqual([]);
}

/** The tracking card: the bot's card message in the requesting conversation. */
function trackingCall(t: TestBot, conversationPrefix: string) {
  return t.connector.calls.find(
    (c) =>
      c.method === 'POST' &&
      c.conversationId.startsWith(conversationPrefix) &&
      cardOf(c)?.body &&
      cardText(cardOf(c)).includes('Temporary Access Pass for'),
  );
}

describe('tap: request in chat, approve in a card, the pass reaches only the requester', () => {
  let t: TestBot;
  // A fresh bot and tenant per test: a request and its approval use 3 of the reports bucket's 5 slots per 10 s
  // (the target's methods and registration row, then the pass), so a click finds a slot and answers with the outcome,
  // except where a test fills the window on purpose.
  afterEach(async () => {
    if (!t) return;
    try {
      expectCodesSecret(t, [U.hank.id, U.hana.id]);
      // Throttling stayed on throughout: the bot paced itself and Graph never refused it.
      expect(t.sim.throttle.toJSON().refused).toEqual({});
    } finally {
      await t.close();
    }
  });

  it("happy path: card in the manager's 1:1, approve invoke, exactly one POST, code only in the requester's 1:1", async () => {
    t = await startTestBot({ env: HELPDESK });
    const { status, replies } = await t.send('tap bob new phone, locked out', hank, channel);
    expect(status).toBe(200);
    expect(replies.map((r) => r.body.text).join(' ')).toMatch(
      /I asked Maria Manager to approve a 1 hour Temporary Access Pass for Bob Baker/,
    );

    const approval = approvalCardFor(t, U.maria.id);
    expectValid(approval.card);
    const text = cardText(approval.card);
    expect(text).toContain('Temporary Access Pass for Bob Baker');
    expect(text).toContain('bob@contoso.example');
    expect(text).toMatch(/MFA: Registered/);
    expect(text).toMatch(/Requested by: Hank Helpdesk/);
    expect(text).toMatch(/Reason: new phone, locked out/);
    expect(text).toContain('[Approve]');
    expect(text).toContain('[Reject]');
    const approve = approval.card.actions.find((a: any) => a.title === 'Approve');
    expect(approve).toMatchObject({ type: 'Action.Execute', verb: 'tap.approve', data: { requestId: approval.requestId } });
    expect(Object.keys(approve.data)).toEqual(['requestId']);

    const tracking = trackingCall(t, channel.channelId)!;
    expect(tracking).toBeDefined();
    expectValid(cardOf(tracking));
    expect(cardText(cardOf(tracking))).not.toContain('[Approve]');
    expect(cardOf(tracking).refresh.action.verb).toBe('tap.refresh');

    // Maria's automatic refresh gives her the approver view; a stranger's refresh the read-only one.
    const mine = await click(t, {
      from: maria,
      verb: 'tap.refresh',
      data: { requestId: approval.requestId },
      conversationId: approval.conversationId,
      replyToId: approval.call.id,
      trigger: 'automatic',
    });
    expect(cardText(mine.body.value)).toContain('[Approve]');
    const theirs = await click(t, {
      from: person('alice'),
      verb: 'tap.refresh',
      data: { requestId: approval.requestId },
      conversationId: 'a:x',
      trigger: 'automatic',
    });
    expect(cardText(theirs.body.value)).not.toContain('[Approve]');

    const res = await click(t, {
      from: maria,
      verb: 'tap.approve',
      data: { requestId: approval.requestId, lifetime: '120' },
      conversationId: approval.conversationId,
      replyToId: approval.call.id,
    });
    expect(res.http).toBe(200);
    expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expectValid(res.body.value);
    expect(cardText(res.body.value)).toMatch(/Approved by Maria Manager, TAP valid until \d{4}-\d\d-\d\d \d\d:\d\d UTC/);

    expect(tapPosts(t)).toHaveLength(1);
    expect(tapPosts(t)[0].body).toEqual({ lifetimeInMinutes: 120, isUsableOnce: false });
    const code = t.sim.tenant
      .methodsOf(t.sim.tenant.findUser(U.bob.id)!)
      .find((m) => m.kind === 'temporaryAccessPass')!.temporaryAccessPass!;
    const passes = passMessages(t);
    expect(passes).toHaveLength(1);
    expect(passes[0].conversationId).toBe(oneOnOneWith(t, U.hank.id));
    expect(passes[0].body.text).toContain(`\`${code}\``);
    expect(passes[0].body.text).toMatch(/Valid until .* UTC \(2 hours, multi-use\)/);

    // Every card now says who approved and until when, without the code.
    for (const call of [approval.call, tracking]) {
      const now = latestCard(t, call);
      expectValid(now);
      expect(cardText(now)).toMatch(/Approved by Maria Manager, TAP valid until/);
      expect(JSON.stringify(now)).not.toContain(code);
    }

    // A second click changes nothing.
    const again = await click(t, {
      from: maria,
      verb: 'tap.approve',
      data: { requestId: approval.requestId },
      conversationId: approval.conversationId,
      replyToId: approval.call.id,
    });
    expect(cardText(again.body.value)).toMatch(/Approved by Maria Manager/);
    expect(tapPosts(t)).toHaveLength(1);

    const history = await t.send('history bob', hank);
    const trail = cardText(cardOf(history.replies[0]));
    expect(trail).toMatch(/issued/);
    expect(trail).toMatch(/approved by Maria Manager/);
    expect(trail).toMatch(/requested by Hank Helpdesk/);
    expectValid(cardOf(history.replies[0]));
  });

  it('approver group: members get the card too, and one of them can approve', async () => {
    t = await startTestBot({ env: { ...HELPDESK, APPROVER_GROUP_ID: CONTOSO.groups.approvers } });
    const { replies } = await t.send('tap nina first day, no phone yet', hank);
    expect(replies[0].body.text).toMatch(/I asked Maria Manager and Carlos Chief to approve/);
    const forCarlos = approvalCardFor(t, U.carlos.id);
    const forMaria = approvalCardFor(t, U.maria.id);
    expect(forCarlos.requestId).toBe(forMaria.requestId);
    expect(cardText(forCarlos.card)).toMatch(/Approvers: Maria Manager \(manager\), Carlos Chief/);
    const res = await click(t, {
      from: carlos,
      verb: 'tap.approve',
      data: { requestId: forCarlos.requestId },
      conversationId: forCarlos.conversationId,
      replyToId: forCarlos.call.id,
    });
    expect(cardText(res.body.value)).toMatch(/Approved by Carlos Chief, TAP valid until/);
    expect(tapPosts(t, 201)).toHaveLength(1);
    expect(cardText(latestCard(t, forMaria.call))).toMatch(/Approved by Carlos Chief/);
    // The requester asked in their own 1:1, so the pass comes back there.
    expect(passMessages(t).map((c) => c.conversationId)).toEqual([`a:personal-${U.hank.id}`]);
  });

  it('refuses clicks from a stranger, the requester and the target, and changes nothing', async () => {
    t = await startTestBot({ env: HELPDESK });
    await t.send('tap bob new phone', hank);
    const { requestId, conversationId, call } = approvalCardFor(t, U.maria.id);
    for (const [who, message] of [
      [person('alice'), /Only the approvers of this request \(Maria Manager\)/],
      [hank, /You asked for this pass/],
      [person('bob'), /This pass is for you/],
    ] as const) {
      for (const verb of ['tap.approve', 'tap.reject', 'tap.retry']) {
        const res = await click(t, { from: who, verb, data: { requestId }, conversationId, replyToId: call.id });
        expect(res.http).toBe(200);
        expect(res.body).toMatchObject({ statusCode: 403, type: 'application/vnd.microsoft.error', value: { code: 'NotAnApprover' } });
        expect(res.body.value.message).toMatch(message);
      }
    }
    expect(tapPosts(t)).toHaveLength(0);
    expect(t.connector.calls.filter((c) => c.method === 'PUT')).toHaveLength(0);
    const res = await click(t, { from: maria, verb: 'tap.refresh', data: { requestId }, conversationId });
    expect(cardText(res.body.value)).toMatch(/Waiting for approval/);
    const forged = await click(t, { from: maria, verb: 'tap.approve', data: { requestId: 'not-a-request' }, conversationId });
    expect(forged.body).toMatchObject({ statusCode: 404 });
  });

  it('three concurrent approves create exactly one TAP', async () => {
    t = await startTestBot({ env: { ...HELPDESK, APPROVER_GROUP_ID: CONTOSO.groups.approvers } });
    await t.send('tap alice lost phone', hank);
    const a = approvalCardFor(t, U.maria.id);
    const b = approvalCardFor(t, U.carlos.id);
    const results = await Promise.all([
      click(t, {
        from: maria,
        verb: 'tap.approve',
        data: { requestId: a.requestId },
        conversationId: a.conversationId,
        replyToId: a.call.id,
      }),
      click(t, {
        from: carlos,
        verb: 'tap.approve',
        data: { requestId: b.requestId },
        conversationId: b.conversationId,
        replyToId: b.call.id,
      }),
      click(t, {
        from: maria,
        verb: 'tap.approve',
        data: { requestId: a.requestId },
        conversationId: a.conversationId,
        replyToId: a.call.id,
      }),
    ]);
    for (const r of results) expect(r.body.statusCode).toBe(200);
    expect(tapPosts(t)).toHaveLength(1);
    expect(passMessages(t)).toHaveLength(1);
    const audit = await t.bot.services.store.tapRequests.history({ targetId: U.alice.id, limit: 10 });
    expect(audit.filter((e) => e.event === 'approved')).toHaveLength(1);
    expect(audit.filter((e) => e.event === 'issued')).toHaveLength(1);
  });

  it('two bot instances sharing the database: concurrent approves through both create exactly one TAP', async () => {
    t = await startTestBot({ env: HELPDESK });
    const second = await startTestBot({ env: HELPDESK, sim: t.sim, connector: t.connector, dataDir: t.dataDir });
    try {
      await t.send('tap bob new phone', hank);
      const a = approvalCardFor(t, U.maria.id);
      const opts = {
        from: maria,
        verb: 'tap.approve',
        data: { requestId: a.requestId },
        conversationId: a.conversationId,
        replyToId: a.call.id,
      };
      const results = await Promise.all([click(t, opts), click(second, opts), click(t, opts), click(second, opts)]);
      for (const r of results) expect(r.body.statusCode).toBe(200);
      expect(tapPosts(t)).toHaveLength(1);
      expect(passMessages(t)).toHaveLength(1);
    } finally {
      await second.bot.close();
      t.logs.push(...second.logs);
    }
  });

  it("when an approver can't be reached privately, the card in the requesting conversation @mentions them and carries the buttons", async () => {
    t = await startTestBot({ env: HELPDESK });
    t.connector.respondWith((c) =>
      c.method === 'POST' && c.path === '/v3/conversations' && c.body?.members?.[0]?.id === U.maria.id
        ? {
            status: 403,
            body: { error: { code: 'ForbiddenOperationException', message: "Bot is not installed in user's personal scope" } },
          }
        : undefined,
    );
    const { replies } = await t.send('tap bob new phone', hank, channel);
    expect(replies[0].body.text).toMatch(/I couldn't reach them privately, so they can decide on the card here/);
    const tracking = trackingCall(t, channel.channelId)!;
    const card = cardOf(tracking);
    expectValid(card);
    expect(cardText(card)).toContain('<at>Maria Manager</at>');
    expect(card.msteams.entities).toEqual([
      { type: 'mention', text: '<at>Maria Manager</at>', mentioned: { id: U.maria.id, name: 'Maria Manager' } },
    ]);
    expect(cardText(card)).toContain('[Approve]');
    const requestId = card.actions[0].data.requestId;
    const stranger = await click(t, {
      from: person('alice'),
      verb: 'tap.approve',
      data: { requestId },
      conversationId: tracking.conversationId,
      replyToId: tracking.id,
    });
    expect(stranger.body.statusCode).toBe(403);
    const res = await click(t, {
      from: maria,
      verb: 'tap.approve',
      data: { requestId },
      conversationId: tracking.conversationId,
      replyToId: tracking.id,
    });
    expect(cardText(res.body.value)).toMatch(/Approved by Maria Manager, TAP valid until/);
    expect(passMessages(t).map((c) => c.conversationId)).toEqual([oneOnOneWith(t, U.hank.id)]);
    // Maria's Teams id is now known, so later cards give her the buttons by refresh.
    expect(latestCard(t, tracking).refresh).toBeUndefined();
    expect(await t.bot.services.store.people.teamsIds([U.maria.id])).toEqual(new Map([[U.maria.id, `29:${U.maria.id}`]]));
  });

  it('older Teams clients: the Action.Submit fallback approves once, with the same checks, and replaces the card', async () => {
    t = await startTestBot({ env: HELPDESK });
    await t.send('tap bob new phone', hank, channel);
    const { requestId, conversationId, call, card } = approvalCardFor(t, U.maria.id);
    const approve = card.actions.find((a: any) => a.title === 'Approve');
    expect(approve.fallback).toEqual({ type: 'Action.Submit', title: 'Approve', data: { verb: 'tap.approve', requestId } });
    const submit = (from: typeof maria) => {
      const a = messageActivity({ text: '', from, serviceUrl: t.connector.url, where: { kind: 'personal', conversationId } });
      return t.post({ ...a, text: undefined, replyToId: call.id, value: approve.fallback.data });
    };
    const putsBefore = t.connector.calls.filter((c) => c.method === 'PUT').length;
    expect((await submit(person('alice'))).status).toBe(200);
    expect(tapPosts(t)).toHaveLength(0);
    // A stranger's submit changes no card (the card id in a submit is the client's word, never trusted).
    expect(t.connector.calls.filter((c) => c.method === 'PUT').length).toBe(putsBefore);
    const refresh = messageActivity({
      text: '',
      from: person('alice'),
      serviceUrl: t.connector.url,
      where: { kind: 'personal', conversationId },
    });
    await t.post({ ...refresh, text: undefined, replyToId: call.id, value: { verb: 'tap.refresh', requestId } });
    expect(t.connector.calls.filter((c) => c.method === 'PUT').length).toBe(putsBefore);
    expect((await submit(maria)).status).toBe(200);
    expect((await submit(maria)).status).toBe(200);
    expect(tapPosts(t)).toHaveLength(1);
    const updates = t.connector.calls.filter((c) => c.method === 'PUT' && c.activityId === call.id);
    expect(cardText(cardOf(updates[0]))).toMatch(/Approved by Maria Manager/);
    expect(passMessages(t).map((c) => c.conversationId)).toEqual([oneOnOneWith(t, U.hank.id)]);
  });

  it('reject: the requester is told and every card says so', async () => {
    t = await startTestBot({ env: HELPDESK });
    await t.send('tap bob new phone', hank, channel);
    const { requestId, conversationId, call } = approvalCardFor(t, U.maria.id);
    const res = await click(t, {
      from: maria,
      verb: 'tap.reject',
      data: { requestId, rejectReason: 'call me first' },
      conversationId,
      replyToId: call.id,
    });
    expect(cardText(res.body.value)).toMatch(/Rejected by Maria Manager: call me first/);
    expectValid(res.body.value);
    expect(tapPosts(t)).toHaveLength(0);
    const told = t.connector.messages().filter((c) => c.conversationId.startsWith(channel.channelId) && c.body.text);
    expect(told.map((c) => c.body.text).join('\n')).toMatch(/Maria Manager rejected the TAP request for Bob Baker: "call me first"/);
    expect(cardText(latestCard(t, trackingCall(t, channel.channelId)!))).toMatch(/Rejected by Maria Manager/);
    const late = await click(t, { from: maria, verb: 'tap.approve', data: { requestId }, conversationId, replyToId: call.id });
    expect(cardText(late.body.value)).toMatch(/Rejected/);
    expect(tapPosts(t)).toHaveLength(0);
  });

  it('expires undecided requests (injected clock): cards updated, requester told, late approval does nothing', async () => {
    let now = Date.now();
    t = await startTestBot({ env: { ...HELPDESK, TAP_REQUEST_TTL_MINUTES: '30' }, start: { clock: { now: () => now } } });
    await t.send('tap bob new phone', hank, channel);
    const { requestId, conversationId, call } = approvalCardFor(t, U.maria.id);
    now += 29 * 60_000;
    expect(await t.bot.tapSweeper.tick()).toBe(0);
    now += 2 * 60_000;
    expect(await t.bot.tapSweeper.tick()).toBe(1);
    expect(await t.bot.tapSweeper.tick()).toBe(0);
    const expired = latestCard(t, call);
    expectValid(expired);
    expect(cardText(expired)).toMatch(/Expired: nobody decided in time/);
    expect(cardText(latestCard(t, trackingCall(t, channel.channelId)!))).toMatch(/Expired/);
    expect(
      t.connector
        .messages()
        .map((c) => c.body.text)
        .join('\n'),
    ).toMatch(/The TAP request for Bob Baker expired without a decision/);
    const late = await click(t, { from: maria, verb: 'tap.approve', data: { requestId }, conversationId, replyToId: call.id });
    expect(cardText(late.body.value)).toMatch(/Expired/);
    expect(tapPosts(t)).toHaveLength(0);
    // The user is free for a new request.
    const again = await t.send('tap bob still locked out', hank);
    expect(again.replies[0].body.text).toMatch(/I asked Maria Manager/);
  });

  it('survives a restart while pending: a new instance on the same data approves and updates the stored cards', async () => {
    const first = await startTestBot({ env: HELPDESK });
    await first.send('tap bob new phone', hank, channel);
    const { requestId, conversationId, call } = approvalCardFor(first, U.maria.id);
    const tracking = trackingCall(first, channel.channelId)!;
    await first.bot.close();
    t = await startTestBot({ env: HELPDESK, sim: first.sim, connector: first.connector, dataDir: first.dataDir });
    const closeShared = t.close.bind(t);
    t.close = async () => {
      await closeShared();
      await first.connector.close();
      await first.sim.close();
    };
    const res = await click(t, { from: maria, verb: 'tap.approve', data: { requestId }, conversationId, replyToId: call.id });
    expect(cardText(res.body.value)).toMatch(/Approved by Maria Manager, TAP valid until/);
    expect(tapPosts(t)).toHaveLength(1);
    const puts = t.connector.calls.filter((c) => c.method === 'PUT').map((c) => c.activityId);
    expect(puts).toEqual(expect.arrayContaining([call.id, tracking.id]));
    expect(passMessages(t)).toHaveLength(1);
  });

  // A failure that needs a person (since the TAP holds, a 5xx or no answer is waited out and tried again instead).
  it('Graph refusing the creation (403): failed in plain words, requester told, approver retries, issued once', async () => {
    t = await startTestBot({ env: HELPDESK });
    await t.send('tap bob new phone', hank, channel);
    const { requestId, conversationId, call } = approvalCardFor(t, U.maria.id);
    const refusal = t.sim.faults.add({
      method: 'POST',
      path: /temporaryAccessPassMethods$/,
      status: 403,
      code: 'Authorization_RequestDenied',
      message: 'Insufficient privileges to complete the operation.',
    });
    const res = await click(t, { from: maria, verb: 'tap.approve', data: { requestId }, conversationId, replyToId: call.id });
    const failedCard = res.body.value;
    expectValid(failedCard);
    expect(cardText(failedCard)).toMatch(
      /Approved by Maria Manager, but the pass was not created: the bot isn't allowed to create passes; an admin must grant it UserAuthenticationMethod\.ReadWrite\.All\./,
    );
    expect(cardText(failedCard)).toContain('[Retry]');
    expect(cardText(latestCard(t, call))).toContain('[Retry]');
    const tracking = latestCard(t, trackingCall(t, channel.channelId)!);
    expectValid(tracking);
    expect(cardText(tracking)).not.toContain('[Retry]');
    expect(
      t.connector
        .messages()
        .map((c) => c.body.text)
        .join('\n'),
    ).toMatch(/approved the TAP for Bob Baker, but it wasn't created: the bot isn't allowed to create passes/);
    expect(passMessages(t)).toHaveLength(0);

    const stranger = await click(t, { from: person('alice'), verb: 'tap.retry', data: { requestId }, conversationId });
    expect(stranger.body.statusCode).toBe(403);
    // While it can still be retried, a second request for Bob can't start a parallel path to a pass.
    const second = await t.send('tap bob still locked out', person('hana'), { kind: 'personal' });
    expect(second.replies.map((r) => r.body.text)).toEqual([
      expect.stringMatching(/approved but the pass couldn't be created; an approver can retry it/),
    ]);
    refusal.remove(); // an admin granted the permission
    // Bob's request, the failed creation and Hana's request used the reports bucket's 5 slots of this window, so the
    // retried creation waits for a slot: the click is answered in time with the approval, the pass follows.
    const clickedAt = Date.now();
    const retried = await click(t, { from: maria, verb: 'tap.retry', data: { requestId }, conversationId, replyToId: call.id });
    expect(Date.now() - clickedAt).toBeLessThan(4_500); // Teams waits about 5 s for an invoke's answer
    expectValid(retried.body.value);
    expect(cardText(retried.body.value)).toMatch(/Approved by Maria Manager; creating the pass…/);
    expect(cardText(retried.body.value)).not.toContain('[Retry]');
    expect(tapPosts(t, 201)).toHaveLength(0);
    const issued = await cardUpdated(t, call, /Approved by Maria Manager, TAP valid until/);
    expectValid(issued);
    expectValid(await cardUpdated(t, trackingCall(t, channel.channelId)!, /Approved by Maria Manager, TAP valid until/));
    expect(tapPosts(t, 201)).toHaveLength(1);
    expect(passMessages(t).map((c) => c.conversationId)).toEqual([oneOnOneWith(t, U.hank.id)]);
    const again = await click(t, { from: maria, verb: 'tap.retry', data: { requestId }, conversationId, replyToId: call.id });
    expect(again.body.statusCode).toBe(200);
    expect(tapPosts(t, 201)).toHaveLength(1);
    const events = (await t.bot.services.store.tapRequests.history({ targetId: U.bob.id, limit: 10 })).map((e) => e.event).reverse();
    expect(events).toEqual(['requested', 'approved', 'failed', 'retried', 'issued']);
  });

  it('warns that an existing usable TAP will be replaced, to the requester and on the card', async () => {
    t = await startTestBot({ env: HELPDESK });
    const { replies } = await t.send('tap tara still not registered', hank);
    expect(replies[0].body.text).toMatch(/Tara Tap already holds a usable TAP until .* UTC; a new one replaces it\./);
    const { card } = approvalCardFor(t, U.maria.id);
    expectValid(card);
    expect(cardText(card)).toMatch(/Tara Tap already holds a usable TAP \(until .* UTC\)\. Approving replaces it\./);
  });

  it('refuses privileged targets, yourself, disabled accounts and a second pending request, in plain words', async () => {
    t = await startTestBot({ env: HELPDESK });
    for (const admin of ['adam', 'ulla']) {
      expect(await said(t, `tap ${admin} locked out`, hank)).toMatch(
        /holds an admin role, and I don't issue Temporary Access Passes for admins through chat/,
      );
    }
    expect(await said(t, 'tap hank locked out', hank)).toMatch(/can't request a Temporary Access Pass for yourself/);
    expect(await said(t, 'tap dave locked out', hank)).toMatch(/account is disabled/);
    expect(await said(t, 'tap bob', hank)).toMatch(/The reason is required/);
    expect(await said(t, 'tap bob new phone', hank)).toMatch(/I asked Maria Manager/);
    expect(await said(t, 'tap bob again', person('hana'))).toMatch(/already a pending TAP request for Bob Baker \(asked by Hank Helpdesk/);
    expect(t.connector.calls.filter((c) => c.method === 'POST' && c.path === '/v3/conversations')).toHaveLength(1);
    expect(await said(t, 'tap alice lost phone', person('alice'))).toMatch(/Only members of the helpdesk group/);
  });

  it('allows privileged targets only with TAP_ALLOW_PRIVILEGED=true', async () => {
    t = await startTestBot({ env: { ...HELPDESK, TAP_ALLOW_PRIVILEGED: 'true', TAP_ONE_TIME: 'true', TAP_LIFETIME_MINUTES: '90' } });
    const { replies } = await t.send('tap adam new laptop', hank);
    expect(replies[0].body.text).toMatch(/I asked Carlos Chief to approve a 90 minutes Temporary Access Pass for Adam Admin/);
    const { card } = approvalCardFor(t, U.carlos.id);
    expect(cardText(card)).toMatch(/Lifetime: 90 minutes, one-time use/);
  });

  it('rate-limits requests per requester per hour', async () => {
    t = await startTestBot({ env: { ...HELPDESK, TAP_REQUESTS_PER_HOUR: '2' } });
    expect(await said(t, 'tap alice lost phone', hank)).toMatch(/I asked Maria Manager/);
    expect(await said(t, 'tap bob new phone', hank)).toMatch(/I asked Maria Manager/);
    expect(await said(t, 'tap nina first day', hank)).toMatch(/You've made 2 TAP requests in the last hour, which is the limit/);
    expect(await said(t, 'tap nina first day', person('hana'))).toMatch(/I asked Maria Manager/);
  });
});
