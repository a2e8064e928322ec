import { CONTOSO } from '../../src/simulator/seed/contoso';
import { cardOf, cardText } from '../helpers/card-text';
import { cardIn, channelCalls } from '../helpers/health-calls';
import { startTestBot, type TestBot } from '../helpers/test-bot';
import { cardProblems } from '../helpers/validate-card';

const U = CONTOSO.users;
const hank = { aadObjectId: U.hank.id, name: U.hank.displayName };
const alice = { aadObjectId: U.alice.id, name: U.alice.displayName };
const OPS = '19:ops@thread.tacv2';
const MAIL = '19:mail@thread.tacv2';
const EN = CONTOSO.outageIssueId;
const channel = (channelId: string) => ({ kind: 'channel' as const, channelId, teamId: '19:team-it@thread.tacv2' });

async function say(t: TestBot, text: string, where: Parameters<TestBot['send']>[2], who = hank): Promise<string> {
  const { status, replies } = await t.send(text, who, where);
  expect(status).toBe(200);
  expect(replies).toHaveLength(1);
  const reply = replies[0].body;
  return reply.text ?? cardText(cardOf(replies[0]));
}

describe('health, subscriptions and outage updates, end to end over HTTP', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot({
      env: { HELPDESK_GROUP_ID: CONTOSO.groups.helpdesk, POLL_INTERVAL_SECONDS: '3600' },
      start: { poller: { start: false } },
    });
  });
  afterAll(async () => t.close());

  it("health: identity services first, no active identity incident yet, yesterday's resolved issues briefly", async () => {
    const { replies } = await t.send('health', alice);
    const card = cardOf(replies[0]);
    expect(cardProblems(card)).toEqual([]);
    const text = cardText(card);
    expect(text).toMatch(/Identity services\nMicrosoft Entra: Healthy/);
    expect(text).not.toContain('Exchange Online: ');
    expect(text).toMatch(/Resolved in the last 24 hours\n- TM1010002/);
    expect(text).not.toContain('EX1010001'); // resolved 48 h ago
    const all = cardText(cardOf((await t.send('health all', alice)).replies[0]));
    expect(all).toMatch(/Other services[\s\S]*Exchange Online: Degraded/);
    expect(all).toContain('EX1010003: Some users may see delays in mailbox search results');
  });

  it('subscribe is for the helpdesk; unknown services get the list; subscriptions says what is followed', async () => {
    expect(await say(t, 'subscribe', channel(OPS), alice)).toMatch(/Only members of the helpdesk group can use `subscribe`/);
    expect(await say(t, 'subscribe Exchnage', channel(MAIL))).toMatch(
      /doesn't report a service called "Exchnage".*Microsoft Entra.*Exchange Online/,
    );
    expect(await say(t, 'subscribe', channel(OPS))).toMatch(/^Subscribed: I'll post identity services/);
    expect(await say(t, 'subscribe exchange online', channel(MAIL))).toMatch(/^Subscribed: I'll post Exchange Online incidents/);
    expect(await say(t, 'subscriptions', { ...channel(OPS), threadId: 'another-thread' }, alice)).toMatch(
      /This channel follows identity services/,
    );
    const sub = await t.bot.services.store.health.subscriptions.get(OPS);
    expect(sub).toMatchObject({
      kind: 'channel',
      channelId: OPS,
      teamId: '19:team-it@thread.tacv2',
      serviceUrl: t.connector.url,
      active: true,
    });
    expect((sub!.reference as any).conversation.tenantId).toBe(CONTOSO.tenantId);
  });

  it('the incident opens: the identity channel gets a new thread with the card; the Exchange channel does not', async () => {
    await t.bot.poller.tick(); // nothing open for identity yet; Exchange's open advisory goes to its channel
    expect(channelCalls(t.connector, OPS).threads).toHaveLength(0);
    expect(channelCalls(t.connector, MAIL).threads.map((c) => cardText(cardIn(c)))).toEqual([expect.stringContaining('EX1010003')]);

    t.sim.timeline.advance();
    const r = await t.bot.poller.tick();
    expect(r).toMatchObject({ role: 'leader', failed: 0 });
    const ops = channelCalls(t.connector, OPS);
    expect(ops.threads).toHaveLength(1);
    const card = cardIn(ops.threads[0]);
    expect(cardProblems(card)).toEqual([]);
    const text = cardText(card);
    expect(text).toContain("Users can't set up MFA or access My Sign-Ins");
    expect(text).toMatch(/EN1032117 · Microsoft Entra · Multi-factor authentication/);
    expect(text).toMatch(/Status: Investigating/);
    expect(text).toMatch(/Classification: Incident/);
    expect(text).toContain("can't register MFA methods & can't reach My Sign-Ins"); // entities decoded
    expect(text).toContain('My Sign-Ins & Security info (https://mysignins.microsoft.com/security-info)'); // link kept as text
    expect(text).not.toMatch(/<p>|<br>|&amp;/);
    expect(card.actions[0].url).toBe(`https://admin.microsoft.com/AdminPortal/home#/servicehealth/:/alerts/${EN}`);
    expect(
      channelCalls(t.connector, MAIL)
        .threads.map((c) => cardText(cardIn(c)))
        .join(),
    ).not.toContain(EN);
  });

  it("status shows the incident banner from the poller's state", async () => {
    const text = cardText(cardOf((await t.send('status alice', hank)).replies[0]));
    expect(text).toContain(`Microsoft reports an active MFA incident ${EN}: TAP issuance and registration may fail`);
  });

  it('a new post: the same activity is updated in place and the post goes to the thread', async () => {
    const root = channelCalls(t.connector, OPS).threads[0].id;
    t.sim.timeline.advance();
    await t.bot.poller.tick();
    const ops = channelCalls(t.connector, OPS);
    expect(ops.threads).toHaveLength(1);
    expect(ops.replies).toHaveLength(1);
    expect(ops.replies[0].conversationId).toBe(`${OPS};messageid=${root}`);
    expect(cardText(cardIn(ops.replies[0]))).toMatch(/EN1032117 update from Microsoft[\s\S]*identified a recent change/);
    expect(ops.updates).toHaveLength(1);
    expect(ops.updates[0].activityId).toBe(root);
    expect(cardText(cardIn(ops.updates[0]))).toContain('identified a recent change');

    // Driven like a demo script would: the simulator's control endpoint.
    const res = await fetch(`${t.sim.url}/_sim/timeline/advance`, { method: 'POST' });
    expect(await res.json()).toMatchObject({ applied: 3, issue: { status: 'restoringService' } });
    await t.bot.poller.tick();
    const after = channelCalls(t.connector, OPS);
    expect(after.replies).toHaveLength(2);
    expect(cardText(cardIn(after.replies[1]))).toMatch(/EN1032117 status: Restoring service/);
    expect(cardText(cardIn(after.updates[1]))).toMatch(/Status: Restoring service/);
  });

  it('resolution: the card turns resolved, a final reply, and nothing more on later polls', async () => {
    t.sim.timeline.advance();
    await t.bot.poller.tick();
    const ops = channelCalls(t.connector, OPS);
    expect(cardText(cardIn(ops.replies[2]))).toMatch(/EN1032117 resolved: Service restored[\s\S]*Final status/);
    const card = cardText(cardIn(ops.updates[2]));
    expect(card).toMatch(/Resolved: Service restored/);
    expect(card).toMatch(/Ended: \d{4}-/);
    const before = t.connector.calls.length;
    await t.bot.poller.tick();
    await t.bot.poller.tick();
    expect(t.connector.calls.length).toBe(before);
    const banner = cardText(cardOf((await t.send('status alice', hank)).replies[0]));
    expect(banner).not.toContain('active MFA incident');
  });

  it('unsubscribe stops posts', async () => {
    expect(await say(t, 'unsubscribe', channel(OPS))).toBe('Unsubscribed: no more incident posts in this channel.');
    t.sim.timeline.advance(); // post-incident report
    const before = channelCalls(t.connector, OPS).replies.length;
    await t.bot.poller.tick();
    expect(channelCalls(t.connector, OPS).replies).toHaveLength(before);
    expect(await say(t, 'subscriptions', channel(OPS))).toMatch(/isn't subscribed/);
  });
});
