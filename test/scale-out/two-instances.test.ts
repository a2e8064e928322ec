import { createSimulator } from '../../src/simulator/create-simulator';
import { CONTOSO } from '../../src/simulator/seed/contoso';
import { sharedAzurite, type Azurite } from '../helpers/azurite';
import { ensureBuilt, startBotProcess, type BotProcess } from '../helpers/bot-process';
import { ConnectorStandIn } from '../helpers/connector-stand-in';
import { channelCalls } from '../helpers/health-calls';
import { finalAnswer, finalCard } from '../helpers/progress';
import { approvalCardFor, click, passMessages, person, tapPosts, U } from '../helpers/tap-flow';
import { TLS_DIR, type TestBot } from '../helpers/test-bot';

/**
 * Two bot processes on one Azure Table Storage (Azurite), one tenant simulator and one connector stand-in,
 * driven over HTTP as Teams would: what one instance stores, the other serves; one instance leads the
 * background work at a time, and another takes over when it dies.
 */
const hank = person('hank');
const maria = person('maria');
const CH = ['19:scale-a@thread.tacv2', '19:scale-b@thread.tacv2', '19:scale-c@thread.tacv2'];
const HELPDESK = { HELPDESK_GROUP_ID: CONTOSO.groups.helpdesk };
/** The outage poller's lease with a 1 s poll interval: max(3 × interval, 30 s). */
const POLLER_LEASE_MS = 30_000;

type Sim = Awaited<ReturnType<typeof createSimulator>>;

const waitFor = async (what: string, done: () => boolean | Promise<boolean>, timeoutMs: number) => {
  const began = Date.now();
  while (!(await done())) {
    if (Date.now() - began > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return Date.now() - began;
};

describe('two bot processes on one Azure Table Storage', () => {
  let azurite: Azurite;
  let sim: Sim;
  let connector: ConnectorStandIn;
  let a: BotProcess;
  let b: BotProcess;
  const started: BotProcess[] = [];
  const as = (p: BotProcess): TestBot => p.asTestBot(sim);

  const start = async (name: string) => {
    const p = await startBotProcess({
      name,
      connector,
      env: {
        ...HELPDESK,
        GRAPH_BASE_URL: sim.baseUrl,
        STORE: 'table',
        AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
        STORE_PREFIX: 'scaleout',
        POLL_INTERVAL_SECONDS: '1',
      },
    });
    started.push(p);
    return p;
  };

  beforeAll(async () => {
    ensureBuilt();
    azurite = await sharedAzurite();
    sim = await createSimulator({ tlsDir: TLS_DIR, generatedUsers: 50 });
    connector = await new ConnectorStandIn().start();
    // B first, so it leads: it polls, drains the outbox and sweeps TAPs; A starts once B leads.
    b = await start('b');
    await waitFor('B to lead the poller', async () => (await b.health()).lastPoll?.role === 'leader', 20_000);
    a = await start('a');
    await waitFor('A to poll as standby', async () => (await a.health()).lastPoll?.role === 'standby', 20_000);
  }, 120_000);

  afterAll(async () => {
    for (const p of started) await p.stop();
    await connector?.close();
    await sim?.close();
    await azurite?.close();
  });

  it("a subscription made on A is served by B's poller: each channel gets the incident once", async () => {
    for (const [i, channelId] of CH.entries()) {
      const { replies } = await a.send('subscribe', hank, { kind: 'channel', channelId, teamId: `19:team-${i}@thread.tacv2` });
      expect(replies[0].body.text).toMatch(/^Subscribed/);
    }
    sim.timeline.advance(); // the incident opens
    await waitFor('the incident in every channel', () => CH.every((c) => channelCalls(connector, c).threads.length === 1), 20_000);
    expect((await b.health()).lastPoll.role).toBe('leader');
    expect((await a.health()).lastPoll.role).toBe('standby');
    expect(a.logs.filter((l) => /possible duplicate/.test(String(l.msg)))).toEqual([]);
  });

  it('three concurrent approvals split across both instances issue exactly one pass', async () => {
    const { replies } = await a.send('tap bob new phone', hank);
    expect(replies.map((r) => r.body.text).join(' ')).toMatch(/I asked Maria Manager/);
    const card = approvalCardFor(as(a), U.maria.id);
    const opts = {
      from: maria,
      verb: 'tap.approve',
      data: { requestId: card.requestId },
      conversationId: card.conversationId,
      replyToId: card.call.id,
    };
    const results = await Promise.all([click(as(a), opts), click(as(b), opts), click(as(a), opts)]);
    for (const r of results) expect(r.body.statusCode).toBe(200);
    await waitFor('the pass message', () => passMessages(as(a)).length > 0, 20_000);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(passMessages(as(a))).toHaveLength(1);
    expect(tapPosts(as(a), 201)).toHaveLength(1);
  });

  it('a CSV link minted on A downloads from B', async () => {
    const { card } = await finalCard(as(a), await a.send('audit', hank));
    const url = new URL(card.actions[0].url as string);
    expect(url.origin).toBe(a.url);
    const fromA = await fetch(url);
    const fromB = await fetch(`${b.url}${url.pathname}`);
    expect(fromB.status).toBe(200);
    expect(fromB.headers.get('content-type')).toMatch(/^text\/csv/);
    const body = await fromB.text();
    expect(body).toBe(await fromA.text());
    expect(body.split('\r\n').length).toBeGreaterThan(10);
  });

  it('a TAP held while Graph fails is checked and routed by whichever instance holds the sweeper lease, once', async () => {
    sim.faults.down();
    try {
      const answer = await finalAnswer(as(a), await a.send('tap alice lost her phone', hank));
      expect(answer.final.body.text).toMatch(/held|Graph/i);
    } finally {
      sim.faults.up();
    }
    // The first try is 15 s after the hold; the sweeper runs every 10 s on the lease holder only.
    const routed = () => [...a.logs, ...b.logs].filter((l) => l.msg === 'TAP sweep moved a request on' && l.from === 'held');
    await waitFor('the held request to be routed', () => routed().length > 0, 45_000);
    const heldId = routed()[0].requestId;
    await waitFor(
      'the approval card for the held request',
      () => {
        try {
          return approvalCardFor(as(a), U.maria.id).requestId === heldId;
        } catch {
          return false;
        }
      },
      20_000,
    );
    await new Promise((r) => setTimeout(r, 2_000));
    expect(routed()).toHaveLength(1);
    const sweepers = new Set([...a.logs, ...b.logs].filter((l) => l.msg === 'TAP sweep moved a request on').map((l) => l.sweeper));
    expect(sweepers.size).toBe(1); // one instance sweeps: the lease holder
  }, 90_000);

  it('the poller holder killed: the other takes over within the lease time, and each channel gets the update exactly once', async () => {
    const before = CH.map((c) => channelCalls(connector, c));
    expect(before.map((c) => c.threads.length)).toEqual([1, 1, 1]);
    await b.kill();
    const killedAt = Date.now();
    sim.timeline.advance(); // an update: a reply in each thread and the card updated in place
    await waitFor(
      'the update in every channel',
      () => CH.every((c) => channelCalls(connector, c).replies.length > before[CH.indexOf(c)].replies.length),
      POLLER_LEASE_MS + 30_000,
    );
    const tookMs = Date.now() - killedAt;
    expect(tookMs).toBeLessThan(POLLER_LEASE_MS + 15_000); // the lease runs out on the service; then A polls, enqueues and sends
    // A holds the lease now (a poll that could not renew it in time on a busy machine is standby for a moment).
    await waitFor('A to lead the poller', async () => (await a.health()).lastPoll?.role === 'leader', 15_000);
    await new Promise((r) => setTimeout(r, 3_000)); // further polls post nothing again
    for (const [i, c] of CH.entries()) {
      const now = channelCalls(connector, c);
      expect(now.threads).toHaveLength(1);
      expect(now.replies.length - before[i].replies.length).toBe(1);
      expect(now.updates.length - before[i].updates.length).toBe(1);
    }
  }, 120_000);
});
