import { CONTOSO } from '../../src/simulator/seed/contoso';
import { cardOf, cardText } from '../helpers/card-text';
import { finalAnswer, finalCard } from '../helpers/progress';
import { startTestBot, type TestBot } from '../helpers/test-bot';
import { cardProblems } from '../helpers/validate-card';

const U = CONTOSO.users;
const hank = { aadObjectId: U.hank.id, name: U.hank.displayName };
const hana = { aadObjectId: U.hana.id, name: U.hana.displayName };

describe('status <user>, end to end over HTTP', () => {
  let t: TestBot;
  /**
   * Each block below has its own bot and tenant: a lookup costs up to two of the reports bucket's 5 requests per
   * 10 s, so a block starts with the window empty instead of waiting behind the lookups of the blocks before it.
   */
  const ownBot = () => {
    beforeAll(async () => {
      t = await startTestBot({ env: { HELPDESK_GROUP_ID: CONTOSO.groups.helpdesk } });
    });
    afterAll(async () => t.close());
  };
  afterEach(() => {
    t.sim.faults.clear();
    // A test that made Graph fail leaves its circuits open (as they would stay until a probe succeeds); start clean.
    t.bot.graph.circuits.reset();
  });
  // With throttling on, the bot paced itself in every test: Graph never had to refuse it.
  afterEach(() => expect(t.sim.throttle.toJSON().refused).toEqual({}));

  /** The card a lookup finally shows: the reply, or (a lookup waiting for a reports slot) the "still trying" message's update. */
  async function statusCard(term: string, who = hank) {
    const sent = await t.send(`status ${term}`, who);
    expect(sent.status).toBe(200);
    const { card } = await finalCard(t, sent);
    expect(cardProblems(card)).toEqual([]);
    return cardText(card);
  }

  describe('what the card shows', () => {
    ownBot();

    it('a registered user: account, manager, methods, default method, no risk', async () => {
      const text = await statusCard('alice');
      expect(text).toContain('Alice Anders');
      expect(text).toContain('alice@contoso.example');
      expect(text).toMatch(/Enabled: Yes/);
      expect(text).toMatch(/Manager: Maria Manager/);
      expect(text).toMatch(/Registered: Yes/);
      expect(text).toMatch(/Microsoft Authenticator/);
      expect(text).toMatch(/Phone \(mobile\)/);
      expect(text).toMatch(/Lockout risk: no/);
      expect(text).toMatch(/Temporary Access Pass\nNone\./);
    });

    it('a new hire with nothing registered is flagged and at risk, with the tap command offered', async () => {
      const text = await statusCard('nina');
      expect(text).toMatch(/new hire, 3 days ago/);
      expect(text).toMatch(/Registered: No/);
      expect(text).toMatch(/Lockout risk: YES\. "Require MFA for all users" requires MFA/);
      expect(text).toContain('tap nina@contoso.example <reason>');
      expect(text).toMatch(/Registering security info also needs MFA/);
    });

    it('an active TAP is shown with lifetime and expiry, and covers the risk', async () => {
      const text = await statusCard('tara');
      expect(text).toMatch(/Active until \d{4}-\d\d-\d\d \d\d:\d\d UTC \(60 min, one-time\)/);
      expect(text).toMatch(/Lockout risk: no, for now/);
    });

    it('break-glass members are excluded from the MFA policy', async () => {
      const text = await statusCard('bree');
      expect(text).toMatch(/Registered: No/);
      expect(text).toMatch(/Lockout risk: no\. No enforced MFA policy applies/);
    });

    it('a disabled account says so', async () => {
      expect(await statusCard('dave')).toMatch(/Enabled: No \(sign-in blocked\)/);
    });
  });

  describe('finding the person by name, address or id', () => {
    ownBot();

    it('names with apostrophes and accents are found, quotes escaped for OData', async () => {
      expect(await statusCard("O'Brien")).toContain("Seán O'Brien");
      expect(await statusCard("Seán O'Brien")).toContain('sean.obrien@contoso.example');
      expect(await statusCard("d'angelo")).toContain("D'Angelo Dubois");
      expect(await statusCard('Zoë')).toContain('Zoë Åström');
      const filters = [...t.sim.calls].filter((c: any) => c.path.endsWith('/users') && /O''Brien/i.test(decodeURIComponent(c.query)));
      expect(filters.length).toBeGreaterThan(0);
    });

    it('exact UPN, mail and a guest UPN with #EXT# resolve directly', async () => {
      expect(await statusCard('BOB@contoso.example')).toContain('Bob Baker');
      expect(await statusCard(U.gina.upn)).toContain('Gina Guest');
      expect(await statusCard(U.alice.id)).toContain('Alice Anders');
    });
  });

  describe('matches, misses and channels', () => {
    ownBot();

    it('several matches give buttons to pick from', async () => {
      const { replies } = await t.send('status ale', hank);
      const card = cardOf(replies[0]);
      expect(cardProblems(card)).toEqual([]);
      expect(cardText(card)).toMatch(/"ale" matches (more than )?\d+ people/);
      expect(card.actions.map((a: any) => a.data.msteams.text)).toEqual(
        expect.arrayContaining(['status alex@contoso.example', 'status alexandra@contoso.example']),
      );
    });

    it('an exact sign-in name wins over other prefix matches', async () => {
      expect(await statusCard('alex')).toContain('Alex Alpha');
    });

    it('no match is one plain sentence', async () => {
      const { replies } = await t.send('status nobody-by-that-name', hank);
      expect(replies.map((r) => r.body.text)).toEqual([expect.stringContaining(`I can't find "nobody-by-that-name"`)]);
    });

    it('status without a name explains the usage', async () => {
      const { replies } = await t.send('status', hank);
      expect(replies[0].body.text).toBe('Usage: status &lt;user&gt;');
    });

    it('works in a channel through a mention, replying in the thread', async () => {
      const { replies, activity } = await t.send('status alice', hana, { kind: 'channel' });
      expect(replies).toHaveLength(1);
      expect(replies[0].conversationId).toBe(activity.conversation.id);
      expect(cardText(cardOf(replies[0]))).toContain('Alice Anders');
    });
  });

  describe('when Graph fails', () => {
    ownBot();

    it('uses two sequential Graph round trips: resolve, then the rest at once', async () => {
      t.sim.calls.clear();
      await statusCard('bob');
      const paths = [...t.sim.calls].map((c: any) => c.path);
      expect(paths.filter((p: string) => p.endsWith('/users'))).toHaveLength(1);
      expect(paths.some((p: string) => p.endsWith('/authentication/methods'))).toBe(true);
    });

    it('a 429 with Retry-After is retried and the user never notices', async () => {
      t.sim.faults.add({ path: /authentication\/methods/, status: 429, times: 1, retryAfterSeconds: 1 });
      const started = t.time.now();
      expect(await statusCard('alice')).toMatch(/Microsoft Authenticator/);
      expect(t.time.now() - started).toBeGreaterThanOrEqual(900);
    });

    it('when Graph stays down the user hears which part failed, within 15 s, and /healthz stays up', async () => {
      t.sim.faults.add({ path: /.*/, status: 503, retryAfterSeconds: 1 });
      const started = t.time.now();
      // Someone this bot has not shown yet: for Alice (the test above) it would show her last-known card instead.
      const sent = await t.send('status nina', hank);
      expect(sent.status).toBe(200);
      // Through the "still trying" message if the retries take longer than a few seconds.
      const { final, posted } = await finalAnswer(t, sent, 15_000);
      expect(t.time.now() - started).toBeLessThan(15_000);
      expect(posted).toHaveLength(1);
      expect(final.body.text).toMatch(/Microsoft Graph failed \(HTTP 503\) while I was reading .*Microsoft's side/);
      expect(final.body.text).not.toMatch(/\bat \w+ \(|Error:|stack/i);
      const health = await fetch(`${t.bot.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', storage: { ok: true }, graph: { ok: false, status: 503 } });
    }, 30_000);

    it('Graph refusing a permission: one sentence for the user, the missing permission in the operator log', async () => {
      t.sim.faults.add({
        path: /authentication\/methods/,
        status: 403,
        code: 'Authorization_RequestDenied',
        message: 'Insufficient privileges to complete the operation.',
      });
      const logged = t.logs.length;
      const { final, posted } = await finalAnswer(t, await t.send('status alice', hank));
      expect(posted).toHaveLength(1);
      expect(final.body.attachments ?? []).toHaveLength(0);
      expect(final.body.text).toMatch(/not allowed to read Alice Anders's authentication methods.*admin needs to grant/);
      const log = t.logs
        .slice(logged)
        .map((l) => JSON.parse(l))
        .find((l) => l.msg === 'graph refused the call');
      expect(log).toMatchObject({
        status: 403,
        graphCode: 'Authorization_RequestDenied',
        fix: expect.stringContaining('UserAuthenticationMethod.Read.All'),
      });
    });
  });

  describe('who may ask', () => {
    ownBot();

    it('someone outside the helpdesk group is refused politely and no user data is read', async () => {
      t.sim.calls.clear();
      const { replies } = await t.send('status bob', { aadObjectId: U.alice.id, name: U.alice.displayName });
      expect(replies.map((r) => r.body.text)).toEqual([expect.stringMatching(/Only members of the helpdesk group can use `status`/)]);
      // Only the membership check ran: no search, nothing about bob (earlier tests' stragglers aside).
      const paths = [...t.sim.calls].map((c: any) => c.path as string);
      expect(paths).toContain(`/users/${U.alice.id}/checkMemberGroups`);
      expect(paths.filter((p) => p.endsWith('/users') || p.includes(U.bob.id))).toEqual([]);
    });

    it('a caller without an Entra identity is refused', async () => {
      const { replies } = await t.send('status bob', { name: 'Anonymous' });
      expect(replies[0].body.text).toMatch(/can't tell who you are/);
    });

    it('a nested helpdesk member is allowed (transitive membership)', async () => {
      expect(await statusCard('bob', hana)).toContain('Bob Baker');
    });
  });
});
