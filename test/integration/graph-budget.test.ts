import { CONTOSO } from '../../src/simulator/seed/contoso';
import { cardOf, cardText } from '../helpers/card-text';
import { finalCard } from '../helpers/progress';
import { startTestBot, type TestBot } from '../helpers/test-bot';

const U = CONTOSO.users;
const hank = { aadObjectId: U.hank.id, name: U.hank.displayName };
const REPORTS = /^\/(reports\/|users\/[^/]+\/authentication\/)/i;

/**
 * The bot within Graph's real throttling, the simulator enforcing it (5 identity-report requests per
 * 10 s per app, each $batch item counted). Each test starts its own bot and simulator: budgets are per
 * instance and windows are ten seconds long, so tests must not inherit each other's spending.
 */
describe('Graph request budget, throttling on', () => {
  let t: TestBot;
  beforeEach(async () => {
    t = await startTestBot({ env: { HELPDESK_GROUP_ID: CONTOSO.groups.helpdesk } });
    expect(t.sim.throttle.enabled).toBe(true);
  });
  afterEach(async () => t.close());

  const statusText = async (term: string) => {
    const { replies } = await t.send(`status ${term}`, hank);
    expect(replies).toHaveLength(1);
    const card = cardOf(replies[0]);
    expect(card).toBeDefined();
    return cardText(card);
  };
  const reportCalls = () => t.sim.calls.filter((c) => REPORTS.test(c.path));
  const waitUntil = async (done: () => boolean, timeoutMs: number) => {
    const start = Date.now();
    while (!done()) {
      if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('answers two lookups in the same second, both with live data, and Graph throttles nothing', async () => {
    const [alice, nina] = await Promise.all([statusText('alice@contoso.example'), statusText('nina@contoso.example')]);
    expect(alice).toMatch(/Registered: Yes/);
    expect(alice).toMatch(/Microsoft Authenticator/);
    expect(alice).not.toMatch(/Not shown|Registration as of/);
    expect(nina).toMatch(/Registered: No/);
    expect(nina).not.toMatch(/Not shown|Registration as of/);
    expect(t.sim.throttle.toJSON().refused).toEqual({});
  });

  it('reads an exact sign-in name in one round trip: one $batch and nothing else', async () => {
    await statusText('alice@contoso.example'); // warms the conditional access cache, which stays cached
    t.sim.calls.clear();
    const text = await statusText('nina@contoso.example');
    expect(text).toMatch(/Nina/);
    const requests = t.sim.calls.filter((c) => !c.viaBatch);
    expect(requests.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /$batch']);
    expect(t.sim.calls.filter((c) => c.viaBatch).map((c) => c.path.split('/').slice(-1)[0])).toEqual(
      expect.arrayContaining(['manager', 'methods', 'userRegistrationDetails', 'transitiveMemberOf']),
    );
  });

  it('shares one $batch between two identical lookups in flight', async () => {
    await statusText('alice@contoso.example');
    t.sim.calls.clear();
    const [a, b] = await Promise.all([statusText('nina@contoso.example'), statusText('nina@contoso.example')]);
    expect(a).toBe(b);
    expect(t.sim.calls.filter((c) => c.path === '/$batch')).toHaveLength(1);
  });

  it('pauses the bucket for everyone after a 429 with Retry-After, and loses nothing', async () => {
    t.sim.faults.add({ path: /\/authentication\/methods$/, status: 429, retryAfterSeconds: 2, times: 1 });
    const started = t.time.now();
    const [alice, nina] = await Promise.all([statusText('alice@contoso.example'), statusText('nina@contoso.example')]);
    expect(alice).toMatch(/Microsoft Authenticator/);
    expect(nina).toMatch(/Nina/);
    const calls = reportCalls();
    const throttled = calls.findIndex((c) => c.status === 429);
    expect(throttled).toBeGreaterThanOrEqual(0);
    // Requests already on their way when Graph said 429 land at once; after that, nothing for anyone until
    // Retry-After has passed, and then the throttled read goes again.
    const at429 = Date.parse(calls[throttled].at);
    const later = calls.slice(throttled + 1).filter((c) => Date.parse(c.at) - at429 > 100);
    expect(later.length).toBeGreaterThan(0);
    for (const c of later) expect(Date.parse(c.at) - at429).toBeGreaterThanOrEqual(1_900);
    expect(later.some((c) => c.path === calls[throttled].path && c.status === 200)).toBe(true);
    expect(t.time.now() - started).toBeLessThan(15_000);
  });

  it('shows the last scan’s registration row, with its age, when the reports bucket has no slot in time', async () => {
    const { replies } = await t.send('audit', hank);
    expect(replies.length + t.connector.calls.length).toBeGreaterThan(0);
    await waitUntil(() => t.bot.services.scans.busy === false, 25_000);
    // Once the scan's requests have left the window, four of the five slots go to someone else at once:
    // the methods read gets the last one, and no slot frees for the row within its second.
    await waitUntil(() => t.bot.graph.budget.state().find((b) => b.bucket === 'reports')!.usedInWindow === 0, 12_000);
    for (let i = 0; i < 4; i++) await t.bot.graph.budget.take('reports', 'interactive');
    const text = await statusText('alice@contoso.example');
    expect(text).toMatch(/Registration as of: \d{4}-\d\d-\d\d \d\d:\d\d UTC \(the last scan's copy; Graph was busy\)/);
    expect(text).toMatch(/Registered: Yes/);
    expect(text).not.toMatch(/Not shown/);
  });

  it('splits the bucket between two instances on one store, so together they stay within the tenant’s limit', async () => {
    const second = await startTestBot({ env: { HELPDESK_GROUP_ID: CONTOSO.groups.helpdesk }, sim: t.sim, dataDir: t.dataDir });
    try {
      // Each heartbeats into the shared store; the first learns of the second at its next beat.
      await t.bot.share.beat();
      for (const bot of [t, second]) expect(bot.bot.graph.budget.state().find((b) => b.bucket === 'reports')!.capacity).toBe(2);
      // Six lookups for four slots per window: some wait long enough to answer through "still trying", replaced by the
      // card, so each goes in a chat of its own (finalCard follows one command per conversation).
      const lookups = ['alice', 'nina', 'tara'].flatMap((who) =>
        [t, second].map(async (bot, i) => {
          const where = { kind: 'personal' as const, conversationId: `a:personal-${U.hank.id}-${who}-${i}` };
          return finalCard(bot, await bot.send(`status ${who}@contoso.example`, hank, where));
        }),
      );
      for (const { card } of await Promise.all(lookups)) expect(cardText(card)).toMatch(/Registered: (Yes|No)/);
      // The reports bucket held for the tenant. (Conditional access allows one read per second per tenant,
      // fewer than two instances can split; each caches policies for minutes and retries the rare collision.)
      expect(t.sim.throttle.toJSON().refused['identity and access reports']).toBeUndefined();
    } finally {
      await second.close();
    }
  }, 60_000);

  it('answers a lookup within 2 s while an audit pages through the report at the bucket’s pace', async () => {
    t.sim.tenant.setPageSize('userRegistrationDetails', 25); // about ten pages: a scan of twenty seconds or so
    const audit = t.send('audit', hank);
    await audit;
    await t.time.sleep(4_000); // well into the scan
    expect(t.bot.services.scans.busy).toBe(true);
    const started = t.time.now();
    const text = await statusText('alice@contoso.example');
    const took = t.time.now() - started;
    expect(text).toMatch(/Microsoft Authenticator/);
    expect(took).toBeLessThan(2_000);
    // The row waits behind the scan's pages (which keep it as the snapshot) instead of taking their slots.
    expect(text).toMatch(/Registration as of|the running scan is reading the report/);
    expect(text).not.toMatch(/throttling/i);
    expect(t.bot.services.scans.busy).toBe(true);
    await waitUntil(() => t.bot.services.scans.busy === false, 40_000);
    expect(t.sim.throttle.toJSON().refused).toEqual({});
  }, 60_000);
});
