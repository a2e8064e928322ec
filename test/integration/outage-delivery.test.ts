import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../src/core/clock';
import { createSimulator } from '../../src/simulator/create-simulator';
import { CONTOSO } from '../../src/simulator/seed/contoso';
import { BOT, TENANT_ID } from '../helpers/activities';
import { ConnectorStandIn } from '../helpers/connector-stand-in';
import { cardIn, channelCalls } from '../helpers/health-calls';
import { startTestBot, testClock, TLS_DIR, type TestBot } from '../helpers/test-bot';

const hank = { aadObjectId: CONTOSO.users.hank.id, name: 'Hank Helpdesk' };
const EN = CONTOSO.outageIssueId;
const CH = ['19:a@thread.tacv2', '19:b@thread.tacv2', '19:c@thread.tacv2'];
const team = (i: number) => `19:team-${i}@thread.tacv2`;
const fast = { maxAttempts: 3, backoffBaseMs: 20 };

type Sim = Awaited<ReturnType<typeof createSimulator>>;

async function subscribeAll(t: TestBot, channels = CH) {
  for (const [i, channelId] of channels.entries()) {
    const { replies } = await t.send('subscribe', hank, { kind: 'channel', channelId, teamId: team(i) });
    expect(replies[0].body.text).toMatch(/^Subscribed/);
  }
}

const counts = (connector: ConnectorStandIn, channels = CH) =>
  channels.map((c) => {
    const calls = channelCalls(connector, c);
    return [calls.threads.length, calls.replies.length, calls.updates.length];
  });

describe('outage fan-out: failures, restarts and two instances', () => {
  let sim: Sim;
  let connector: ConnectorStandIn;
  const open: TestBot[] = [];
  const start = async (dataDir: string, holder?: string, startPoller = false, interval = '3600') => {
    const t = await startTestBot({
      sim,
      connector,
      dataDir,
      env: { POLL_INTERVAL_SECONDS: interval },
      start: { poller: { start: startPoller, holder, sender: fast } },
    });
    open.push(t);
    return t;
  };
  beforeEach(async () => {
    sim = await createSimulator({ tlsDir: TLS_DIR, generatedUsers: 50, clock: testClock() });
    connector = await new ConnectorStandIn().start();
  });
  afterEach(async () => {
    for (const t of open.splice(0)) await t.close();
    await sim.close();
    await connector.close();
  });
  const freshDir = () => mkdtempSync(join(tmpdir(), 'mfa-bot-outage-'));

  it('the connector answers 429 then OK: the card is delivered once', async () => {
    const t = await start(freshDir());
    await subscribeAll(t, [CH[0]]);
    let throttled = 0;
    connector.respondWith((c) =>
      c.path === '/v3/conversations' && c.method === 'POST' && throttled++ === 0
        ? { status: 429, headers: { 'retry-after': '1' }, body: { error: { code: 'Throttled', message: 'Too many requests' } } }
        : undefined,
    );
    sim.timeline.advance();
    const began = Date.now();
    const r = await t.bot.poller.tick();
    expect(r).toMatchObject({ delivered: 1, failed: 0 });
    expect(Date.now() - began).toBeGreaterThanOrEqual(1000); // Retry-After honoured
    expect(connector.calls.filter((c) => c.status === 429)).toHaveLength(1);
    expect(counts(connector, [CH[0]])).toEqual([[1, 0, 0]]);
    await t.bot.poller.tick();
    expect(counts(connector, [CH[0]])).toEqual([[1, 0, 0]]);
  });

  it('a channel that keeps failing is retried ever less often, never given up, and gets the card once it recovers', async () => {
    let now = Date.now();
    const t = await startTestBot({
      sim,
      connector,
      dataDir: freshDir(),
      env: { POLL_INTERVAL_SECONDS: '60' },
      start: { clock: { now: () => now }, poller: { start: false, sender: fast } },
    });
    open.push(t);
    await subscribeAll(t, [CH[0]]);
    let down = true;
    // A refusal nothing retries within the send (the connector library retries 5xx by itself, slowly).
    connector.respondWith((c) =>
      down && c.path === '/v3/conversations' && c.method === 'POST'
        ? { status: 403, body: { error: { code: 'NotEnoughPermissions' } } }
        : undefined,
    );
    sim.timeline.advance();
    const attempts = () => connector.calls.filter((c) => c.status === 403).length;
    const tried: number[] = [];
    for (let poll = 0; poll < 12; poll++) {
      await t.bot.poller.tick();
      tried.push(attempts());
      now += 60_000;
    }
    // Backing off: fewer attempts than polls, but attempts keep coming (no cap).
    const attemptPolls = tried.filter((n, i) => n > (tried[i - 1] ?? 0)).length;
    expect(attemptPolls).toBeGreaterThanOrEqual(4);
    expect(attemptPolls).toBeLessThan(12);
    down = false;
    for (let poll = 0; poll < 40 && counts(connector, [CH[0]])[0][0] === 0; poll++) {
      now += 60_000;
      await t.bot.poller.tick();
    }
    expect(counts(connector, [CH[0]])).toEqual([[1, 0, 0]]);
  });

  it('403 BotNotInConversationRoster deactivates that subscription only; others keep getting updates', async () => {
    const t = await start(freshDir());
    await subscribeAll(t);
    connector.respondWith((c) =>
      c.body?.channelData?.channel?.id === CH[1] || c.conversationId.startsWith(CH[1])
        ? {
            status: 403,
            body: { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } },
          }
        : undefined,
    );
    sim.timeline.advance();
    const r = await t.bot.poller.tick();
    expect(r).toMatchObject({ delivered: 2, deactivated: 1, failed: 0 });
    expect(connector.calls.filter((c) => c.status === 403)).toHaveLength(1); // no retry loop
    expect(await t.bot.services.store.health.subscriptions.get(CH[1])).toMatchObject({
      active: false,
      inactiveReason: '403 BotNotInConversationRoster',
    });
    expect(t.logs.some((l) => l.includes('subscription deactivated') && l.includes(CH[1]))).toBe(true);

    sim.timeline.advance();
    await t.bot.poller.tick();
    expect(counts(connector)).toEqual([
      [1, 1, 1],
      [0, 0, 0],
      [1, 1, 1],
    ]);
    expect(connector.calls.filter((c) => c.status === 403)).toHaveLength(1);
    const { replies } = await t.send('subscriptions', hank, { kind: 'channel', channelId: CH[1], teamId: team(1) });
    expect(replies.length).toBe(0); // the stand-in refuses this channel, replies included
  });

  it('the bot removed from a team pauses its subscriptions; added back, they resume', async () => {
    const t = await start(freshDir());
    await subscribeAll(t, [CH[0]]);
    const membership = (type: string, extra: Record<string, unknown>) =>
      t.post({
        type,
        id: `evt-${type}-${Date.now()}`,
        channelId: 'msteams',
        serviceUrl: connector.url,
        from: { id: '29:someone' },
        recipient: BOT,
        conversation: { id: team(0), isGroup: true, conversationType: 'channel', tenantId: TENANT_ID },
        channelData: { tenant: { id: TENANT_ID }, team: { id: team(0) }, channel: { id: team(0) } },
        ...extra,
      });
    expect((await membership('installationUpdate', { action: 'remove' })).status).toBe(200);
    expect(await t.bot.services.store.health.subscriptions.get(CH[0])).toMatchObject({ active: false });
    sim.timeline.advance();
    await t.bot.poller.tick();
    expect(counts(connector, [CH[0]])).toEqual([[0, 0, 0]]);
    expect((await membership('conversationUpdate', { membersAdded: [{ id: BOT.id }] })).status).toBe(200);
    expect(await t.bot.services.store.health.subscriptions.get(CH[0])).toMatchObject({ active: true });
    await t.bot.poller.tick();
    expect(counts(connector, [CH[0]])).toEqual([[1, 0, 0]]);
    expect(connector.calls.filter((c) => c.path.startsWith('/v3/conversations/19%3Ateam')).length).toBe(0); // no chat replies to events
  });

  it('group and personal chats subscribe too: the card and its updates go to the chat', async () => {
    const t = await start(freshDir());
    await t.send('subscribe', hank, { kind: 'groupChat', conversationId: '19:helpdesk-chat@thread.v2' });
    await t.send('subscribe all', hank, { kind: 'personal' });
    sim.timeline.advance();
    await t.bot.poller.tick();
    sim.timeline.advance();
    await t.bot.poller.tick();
    const group = connector.calls.filter((c) => c.conversationId === '19:helpdesk-chat@thread.v2' && c.status < 300 && cardIn(c));
    expect(group.map((c) => c.method)).toEqual(['POST', 'POST', 'PUT']);
    expect(group[2].activityId).toBe(group[0].id);
    const personal = connector.calls.filter((c) => c.conversationId === `a:personal-${hank.aadObjectId}` && c.status < 300 && cardIn(c));
    expect(personal.some((c) => JSON.stringify(cardIn(c)).includes(EN))).toBe(true);
  });

  it('restart in the middle: updates that arrived while down are delivered once, failed ones once after recovery', async () => {
    const dir = freshDir();
    const first = await start(dir);
    await subscribeAll(first);
    sim.timeline.advance();
    await first.bot.poller.tick();
    expect(counts(connector)).toEqual([
      [1, 0, 0],
      [1, 0, 0],
      [1, 0, 0],
    ]);
    // Channel c's thread is failing when the next update arrives; then the bot goes down.
    const stop = connector.respondWith((c) =>
      c.conversationId.startsWith(CH[2]) && c.method === 'POST'
        ? { status: 412, body: { error: { code: 'PreconditionFailed' } } }
        : undefined,
    );
    sim.timeline.advance();
    const r = await first.bot.poller.tick();
    expect(r).toMatchObject({ delivered: 2, failed: 1 });
    expect(connector.calls.filter((c) => c.status === 412)).toHaveLength(fast.maxAttempts); // retried, then left for later
    await first.close();
    open.splice(open.indexOf(first), 1);
    stop();
    sim.timeline.advance(); // restoringService, while the bot is down
    expect(counts(connector)).toEqual([
      [1, 1, 1],
      [1, 1, 1],
      [1, 0, 0],
    ]);

    const second = await start(dir);
    await second.bot.poller.tick();
    await second.bot.poller.tick();
    // a and b: the one missed post; c: both posts it is owed, each once; every card updated to the latest.
    expect(counts(connector)).toEqual([
      [1, 2, 2],
      [1, 2, 2],
      [1, 2, 1],
    ]);
    const replies = channelCalls(connector, CH[2]).replies.map((c) => JSON.stringify(cardIn(c)));
    expect(replies[0]).toContain('identified a recent change');
    expect(replies[1]).toContain('Restoring service');
  });

  it('two bot instances on one database file: one polls, each update is posted once', async () => {
    // On the wall clock: it waits out real poll intervals, and it sees the resolution's reply on its own only in the
    // moment before the report that follows it in the same poll (the tenant's pacing: 20 ms of the bot's time).
    await sim.close();
    sim = await createSimulator({ tlsDir: TLS_DIR, generatedUsers: 50, clock: systemClock });
    const dir = freshDir();
    const a = await start(dir, 'instance-a', true, '1');
    const b = await start(dir, 'instance-b', true, '1');
    await subscribeAll(a, CH.slice(0, 2));
    await subscribeAll(b, CH.slice(2));
    const ticks = await Promise.all([a.bot.poller.tick(), b.bot.poller.tick()]);
    expect(ticks.map((x) => x.role).sort()).toEqual(['leader', 'standby']);
    for (let step = 0; step < 4; step++) {
      sim.timeline.advance();
      await connector.waitFor(() => counts(connector).every(([threads, replies]) => threads === 1 && replies === step), 8000);
    }
    await new Promise((r) => setTimeout(r, 2500)); // two more poll intervals on both instances
    // Three replies from Microsoft's posts and the resolution, then the post-incident report: each once.
    expect(counts(connector)).toEqual([
      [1, 4, 3],
      [1, 4, 3],
      [1, 4, 3],
    ]);
    expect(connector.calls.filter((c) => c.status >= 300)).toEqual([]);
  });
});
