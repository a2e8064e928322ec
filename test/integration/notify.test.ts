import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTOSO } from '../../src/simulator/seed/contoso';
import { cardText } from '../helpers/card-text';
import { ConnectorStandIn } from '../helpers/connector-stand-in';
import {
  atRiskIds,
  campaignCardIn,
  campaignCardPosted,
  campaignReaches,
  CONTACT,
  cardReads,
  installedChat,
  notify,
  NOTIFY_ENV,
  noticesSent,
  ownChat,
  perConversation,
} from '../helpers/notify-flow';
import { finalCard } from '../helpers/progress';
import { click, person } from '../helpers/tap-flow';
import { startTestBot, testClock, TLS_DIR, type TestBot } from '../helpers/test-bot';
import { createSimulator } from '../../src/simulator/create-simulator';
import { cardProblems } from '../helpers/validate-card';

const U = CONTOSO.users;
const hank = person('hank');
const hana = person('hana');
const alice = person('alice');
const channel = { kind: 'channel' as const, channelId: '19:helpdesk@thread.tacv2' };

function fact(text: string, title: string): number {
  const m = new RegExp(`^${title}: ([\\d,]+)`, 'm').exec(text);
  if (!m) throw new Error(`no fact "${title}" in:\n${text}`);
  return Number(m[1].replace(/,/g, ''));
}

/** Teams' view of a click on the campaign card. */
const press = (
  t: TestBot,
  who: typeof hank,
  verb: string,
  campaignId: string,
  conversationId: string,
  extra: Record<string, unknown> = {},
) => click(t, { from: who, verb, data: { campaignId, ...extra }, conversationId });

describe('notify: preview, confirm, deliver once, the all-clear', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot({ env: { ...NOTIFY_ENV, NOTIFY_SECOND_APPROVAL_OVER: '5' } });
  });
  afterAll(async () => t.close());
  afterEach(() => t.sim.faults.clear());
  // The bot paced itself under Graph's limits throughout (the Teams bucket included): Graph never refused it.
  afterEach(() => expect(t.sim.throttle.toJSON().refused).toEqual({}));

  it("preview: exactly the lockout card's count, five names, who has a chat and who needs the app; nothing is sent", async () => {
    await t.send('help', person('nina')); // Nina has a 1:1 chat with the bot now
    const { card: lockout } = await finalCard(t, await t.send('lockout', hank));
    const atRisk = fact(cardText(lockout), 'At risk of lockout \\(distinct users\\)');
    expect(atRisk).toBe(atRiskIds(t.sim.tenant).length);

    const since = t.connector.calls.length;
    t.sim.calls.clear();
    const { card } = await finalCard(t, await t.send('notify preview at-risk Hi {name}, MFA setup is down. Call us.', hank));
    expect(cardProblems(card)).toEqual([]);
    const text = cardText(card);
    expect(fact(text, 'Recipients')).toBe(atRisk);
    expect(fact(text, 'Already in a 1:1 chat with the bot')).toBe(1);
    expect(fact(text, 'App to install for them first')).toBe(atRisk - 1);
    expect(
      /^Sample: (.*)$/m
        .exec(text)![1]
        .split(', ')
        .filter((n) => n !== '…'),
    ).toHaveLength(5);
    expect(text).toMatch(/Hi [^,]+, MFA setup is down\. Call us\./);
    expect(text).toContain(`Sent by Hank Helpdesk for the helpdesk. To reach the helpdesk: ${CONTACT}`);
    // One reply to Hank, no notice anywhere, no install through Graph.
    const posted = t.connector.calls.slice(since).filter((c) => c.method === 'POST');
    expect(new Set(posted.map((c) => c.conversationId))).toEqual(new Set([ownChat(U.hank.id)]));
    expect(t.sim.calls.filter((c) => /teamwork/.test(c.path))).toEqual([]);
  });

  it('the campaign: nothing before Send, Send by someone else refused, the second helpdesk member, one notice each', async () => {
    t.sim.timeline.advance(); // an identity incident is open: {incident} names it and its end offers the all-clear
    await t.bot.poller.tick();
    const blocked = [U.rita.id];
    const uninstallable = U.sean.id;
    const unblock = t.connector.block(blocked.map(installedChat));
    t.sim.faults.add({ method: 'POST', path: new RegExp(`^/users/${uninstallable}/teamwork/installedApps$`), status: 403 });
    try {
      const asked = await notify(t, 'at-risk Hi {name}: {incident}. Call us before 5 pm.', hank, channel);
      expect(asked.said).toMatch(/^Nothing is sent yet: check the card, then press Send/);
      const { card, campaignId, call } = campaignCardIn(t, asked.conversationId);
      expect(cardProblems(card)).toEqual([]);
      const before = cardText(card);
      const cohort = atRiskIds(t.sim.tenant);
      expect(fact(before, 'Recipients')).toBe(cohort.length);
      expect(before).toMatch(new RegExp(`Hi [^:]+: ${CONTOSO.outageIssueId} \\(`));
      expect(before).toContain('[Send]');
      expect(before).toContain('[Confirm as second helpdesk member]');
      expect(noticesSent(t)).toEqual([]);

      // Someone else pressing Send (a helpdesk member, even) changes nothing; nor does the requester confirming twice.
      const byHana = await press(t, hana, 'notify.send', campaignId, asked.conversationId);
      expect(byHana.body).toMatchObject({
        statusCode: 403,
        value: { message: 'Only Hank Helpdesk, who asked for this campaign, can send or cancel it.' },
      });
      const byAlice = await press(t, alice, 'notify.second', campaignId, asked.conversationId);
      expect(byAlice.body).toMatchObject({ statusCode: 403, value: { code: 'NotHelpdesk' } });
      const hankSecond = await press(t, hank, 'notify.second', campaignId, asked.conversationId);
      expect(hankSecond.body.statusCode).toBe(403);

      // Above the threshold Hank's Send waits for a second helpdesk member.
      const sent = await press(t, hank, 'notify.send', campaignId, asked.conversationId);
      expect(cardText(sent.body.value)).toMatch(/Hank Helpdesk pressed Send; waiting for a second helpdesk member/);
      await t.bot.campaigns.tick();
      expect(noticesSent(t)).toEqual([]);
      expect(t.sim.calls.filter((c) => /teamwork/.test(c.path))).toEqual([]);

      const second = await press(t, hana, 'notify.second', campaignId, asked.conversationId);
      expect(second.body.statusCode).toBe(200);
      expect(cardText(second.body.value)).toMatch(/^Sending:/);

      const done = await campaignReaches(t, campaignId, ['sent']);
      expect(done.second?.name).toBe('Hana Helpdesk');
      const notices = noticesSent(t);
      const counts = perConversation(notices);
      const reachable = cohort.filter((id) => !blocked.includes(id) && id !== uninstallable);
      const expected = reachable.map((id) => (id === U.nina.id ? ownChat(id) : installedChat(id)));
      expect([...counts.keys()].sort()).toEqual(expected.sort());
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      const nina = notices.find((n) => n.conversationId === ownChat(U.nina.id))!;
      expect(nina.text).toContain(`Hi Nina Newhire: ${CONTOSO.outageIssueId} (`);
      expect(nina.text).toContain(`Sent by Hank Helpdesk for the helpdesk. To reach the helpdesk: ${CONTACT}`);

      // Each installed once; the chats are remembered for next time.
      const posts = t.sim.calls.filter((c) => c.method === 'POST' && /teamwork\/installedApps$/.test(c.path));
      expect(posts).toHaveLength(cohort.length - 1);
      expect(await t.bot.services.store.people.personalChat(U.bob.id)).toBeUndefined();
      expect(((await t.bot.services.store.people.personalChat(U.ulla.id))?.conversation as { id: string }).id).toBe(
        installedChat(U.ulla.id),
      );

      // The card, updated in place for everyone: the outcome in numbers.
      const final = await cardReads(t, call, /^Sent:/);
      expect(final).toContain(`Sent: ${reachable.length} sent, 2 not reachable, 0 failed, 0 waiting.`);
      expect(final).toContain(`I'll offer the all-clear when ${CONTOSO.outageIssueId} is resolved.`);
      expect(final).not.toContain('[Send]');

      // The all-clear: once the incident resolves, offered once, to exactly those the notice reached.
      const since = t.connector.calls.length;
      t.sim.tenant.resolveIssue(CONTOSO.outageIssueId);
      await t.bot.poller.tick();
      await campaignReaches(t, campaignId, ['finished']);
      await t.bot.campaigns.tick();
      const offer = await campaignCardPosted(t, asked.conversationId, since);
      expect(t.connector.calls.slice(since).filter((c) => c.method === 'POST' && c.conversationId === asked.conversationId)).toHaveLength(
        1,
      );
      const offerText = cardText(offer.card);
      expect(offerText.split('\n')[1]).toBe(
        `${CONTOSO.outageIssueId} is resolved. Send the all-clear to the same ${reachable.length} people?`,
      );
      expect(offer.campaignId).toBe(`${campaignId}-ok`);

      await press(t, hank, 'notify.send', offer.campaignId, asked.conversationId, { message: 'All fixed, {name}: sign in as usual.' });
      const edited = await t.bot.services.store.campaigns.get(offer.campaignId);
      expect(edited).toMatchObject({ status: 'awaiting', message: 'All fixed, {name}: sign in as usual.' });
      await press(t, hana, 'notify.second', offer.campaignId, asked.conversationId);
      await press(t, hank, 'notify.send', offer.campaignId, asked.conversationId, { message: 'All fixed, {name}: sign in as usual.' });
      await campaignReaches(t, offer.campaignId, ['finished']);
      const allClear = noticesSent(t, since).filter((n) => n.text.startsWith('All fixed'));
      expect([...perConversation(allClear).keys()].sort()).toEqual(expected.sort());
      expect([...perConversation(allClear).values()].every((n) => n === 1)).toBe(true);
    } finally {
      unblock();
    }
  });

  it("managers: one digest per manager, naming only that manager's reports in the cohort", async () => {
    const since = t.connector.calls.length;
    const asked = await notify(t, 'managers at-risk {name}, your reports below cannot sign in; please call us with them.', hank, channel);
    const { campaignId, card } = campaignCardIn(t, asked.conversationId);
    const cohort = atRiskIds(t.sim.tenant).map((id) => t.sim.tenant.findUser(id)!);
    const byManager = new Map<string, string[]>();
    for (const u of cohort.filter((u) => u.managerId)) byManager.set(u.managerId!, [...(byManager.get(u.managerId!) ?? []), u.displayName]);
    const text = cardText(card);
    expect(fact(text, 'Recipients')).toBe(byManager.size);
    expect(fact(text, 'Cohort members')).toBe(cohort.length);
    expect(fact(text, 'Without a manager \\(no digest\\)')).toBe(cohort.filter((u) => !u.managerId).length);

    await press(t, hank, 'notify.send', campaignId, asked.conversationId);
    if (byManager.size > 5) await press(t, hana, 'notify.second', campaignId, asked.conversationId);
    await campaignReaches(t, campaignId, ['sent', 'finished']);
    const digests = noticesSent(t, since);
    expect(digests).toHaveLength(byManager.size);
    for (const [managerId, names] of byManager) {
      const digest = digests.filter((d) => d.conversationId === installedChat(managerId) || d.conversationId === ownChat(managerId));
      expect(digest).toHaveLength(1);
      const listed = digest[0].text
        .split('\n')
        .filter((l) => l.startsWith('- '))
        .map((l) => l.slice(2));
      expect(listed.sort()).toEqual([...names].sort());
      expect(digest[0].text).toContain(`${t.sim.tenant.findUser(managerId)!.displayName}, your reports below cannot sign in`);
      expect(digest[0].text).not.toMatch(/@contoso\.example/); // names only
    }
  });

  it('an unconfirmed campaign expires and cannot be sent; Cancel ends one; a personal chat cannot hold a second confirmation', async () => {
    const asked = await notify(t, 'new-hires Welcome {name}: set up MFA once the incident is over.', hank, channel);
    const { campaignId, call } = campaignCardIn(t, asked.conversationId);
    const store = t.bot.services.store.campaigns;
    const c = (await store.get(campaignId))!;
    expect(await store.update({ ...c, expiresAt: t.time.now() - 1, version: c.version + 1 })).toBe(true); // 30 minutes later
    await t.bot.campaigns.tick();
    expect((await store.get(campaignId))?.status).toBe('expired');
    expect(await cardReads(t, call, /^Expired at .* without being confirmed; nothing was sent\./)).not.toContain('[Send]');
    const late = await press(t, hank, 'notify.send', campaignId, asked.conversationId);
    expect(late.body).toMatchObject({
      statusCode: 400,
      value: { message: 'This campaign expired unconfirmed; nothing was sent. Ask again with notify.' },
    });

    const again = await notify(t, 'new-hires Welcome {name}.', hank, channel);
    const second = campaignCardIn(t, again.conversationId);
    const cancelled = await press(t, hank, 'notify.cancel', second.campaignId, again.conversationId);
    expect(cardText(cancelled.body.value)).toMatch(/^Cancelled by Hank Helpdesk; nothing was sent\./);
    expect((await press(t, hank, 'notify.send', second.campaignId, again.conversationId)).body.statusCode).toBe(400);

    const personal = await notify(t, 'at-risk Hi {name}.', hank);
    expect(personal.said).toMatch(/above 5 a second helpdesk member must confirm too, which they can't do in a personal chat/);
  });

  it('notify status lists the latest campaigns with how far each got', async () => {
    const { card } = await finalCard(t, await t.send('notify status', hank));
    const text = cardText(card);
    expect(text).toMatch(/Notice to \d+ new hires not registered for MFA\nHank Helpdesk, .*; cancelled, nothing sent\./);
    expect(text).toMatch(
      /Notice to \d+ people at risk of lockout\nHank Helpdesk, .*; finished: \d+ sent, 2 not reachable, 0 failed, 0 waiting\./,
    );
    expect(text).toMatch(/The sign-in problem is resolved|EN1032117 is resolved/);
  });
});

describe('notify: refusals before anything is counted', () => {
  it('needs HELPDESK_CONTACT, a message, known placeholders and a helpdesk member', async () => {
    const t = await startTestBot({ env: { ...NOTIFY_ENV, HELPDESK_CONTACT: '' } });
    try {
      t.sim.calls.clear();
      expect((await notify(t, 'at-risk Hi', hank)).said).toMatch(/HELPDESK_CONTACT .* is not set/);
      expect((await notify(t, 'at-risk Hi {nmae}', hank)).said).toMatch(/I only fill in \{name\} and \{incident\}/);
      expect((await notify(t, 'everyone Hi', hank)).said).toMatch(/isn't a cohort I know/);
      expect((await notify(t, 'preview at-risk', alice)).said).toMatch(/Only members of the helpdesk group can use `notify`/);
      expect(t.sim.calls.filter((c) => /userRegistrationDetails/.test(c.path))).toEqual([]);
    } finally {
      await t.close();
    }
  });
});

describe('notify: a restart mid-campaign', () => {
  it('neither sends a notice twice nor loses one', async () => {
    const connector = await new ConnectorStandIn().start();
    const dataDir = mkdtempSync(join(tmpdir(), 'mfa-bot-notify-restart-'));
    const env = { ...NOTIFY_ENV, NOTIFY_SECOND_APPROVAL_OVER: '1000' };
    // Four lanes at a time, so that a stop finds the campaign midway and has only a few sends in flight to finish.
    const start = { outbox: { concurrency: 4 } };
    // The simulator and the connector outlive both instances (a bot closes only what it started itself).
    const sim = await createSimulator({ tlsDir: TLS_DIR, generatedUsers: 200, clock: testClock() });
    const first = await startTestBot({ env, connector, dataDir, sim, start });
    let second: TestBot | undefined;
    try {
      const asked = await notify(first, 'unregistered Hi {name}, please register MFA when the outage is over.', hank, channel);
      const { campaignId } = campaignCardIn(first, asked.conversationId);
      const cohort = atRiskIds(sim.tenant).length; // at least this many: unregistered holds every at-risk user
      await press(first, hank, 'notify.send', campaignId, asked.conversationId);
      await connector.waitFor(() => noticesSent(first).length >= 8);
      await first.close(); // a graceful stop waits for the sends in flight
      const before = noticesSent(first).length;
      expect(before).toBeLessThan(cohort);

      second = await startTestBot({ env, connector, dataDir, sim, start });
      const done = await campaignReaches(second, campaignId, ['finished']);
      const counts = perConversation(noticesSent(second));
      expect(counts.size).toBe(done.recipientCount);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      expect(noticesSent(second).length).toBeGreaterThan(before);
      // Everyone installed once, whichever instance did it (a retry after the restart would have met a 409).
      const installs = sim.calls.filter((c) => c.method === 'POST' && /teamwork\/installedApps$/.test(c.path));
      expect(installs.filter((c) => c.status === 201)).toHaveLength(done.recipientCount);
    } finally {
      await second?.close();
      await sim.close();
      await connector.close();
    }
  });
});
