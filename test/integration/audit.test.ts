import { CONTOSO } from '../../src/simulator/seed/contoso';
import { limitFor } from '../../src/simulator/throttling/documented-limits';
import type { SimUser } from '../../src/simulator/sim-types';
import type { Where } from '../helpers/activities';
import { cardText } from '../helpers/card-text';
import { parseCsv } from '../helpers/parse-csv';
import { auditExpectations, factsOf } from '../helpers/enrolment-expectations';
import { finalAnswer, finalCard, progressPattern } from '../helpers/progress';
import { startTestBot, testClock, type TestBot } from '../helpers/test-bot';
import { cardProblems } from '../helpers/validate-card';

const U = CONTOSO.users;
const hank = { aadObjectId: U.hank.id, name: U.hank.displayName };
const HELPDESK = { HELPDESK_GROUP_ID: CONTOSO.groups.helpdesk };
const DAY = 86_400_000;
const REPORT = /reports\/authenticationMethods\/userRegistrationDetails$/;
/** The card's text without what differs between two runs: when the report was read, the CSV link and its expiry. */
const strip = (s: string) => s.replace(/(read|works until) \d{4}-\d\d-\d\d \d\d:\d\d UTC/g, '').replace(/http\S+/g, '');

/** Calls the simulator counted against Graph's identity and access reports bucket (5 per 10 s), in order. */
const reportsBucket = (t: TestBot) => t.sim.calls.filter((c) => limitFor(c.method, c.path)?.bucket === 'identity and access reports');

/** An audit as the requester sees it in the end: the card, whether it came as the reply or in place of the progress message. */
async function auditIn(t: TestBot, from = hank, where?: Where) {
  const { card } = await finalCard(t, await t.send('audit', from, where));
  expect(cardProblems(card)).toEqual([]);
  return { card, text: cardText(card) };
}

/** Directory values that break naive CSV: formula starts, quotes, commas, newlines, apostrophes, Unicode. */
const tricky = (n: number, displayName: string, local: string): SimUser => ({
  id: `c0de0000-0000-4000-8000-0000000009${n.toString().padStart(2, '0')}`,
  displayName,
  givenName: null,
  surname: null,
  mail: null,
  userPrincipalName: `${local}@contoso.example`,
  mailNickname: local,
  jobTitle: null,
  department: null,
  officeLocation: null,
  mobilePhone: null,
  businessPhones: [],
  preferredLanguage: null,
  accountEnabled: true,
  createdDateTime: '2020-01-01T00:00:00Z',
  userType: 'Member',
  methods: [],
});

function fact(text: string, title: string): number {
  const m = new RegExp(`^${title.replace(/[()]/g, '\\$&')}: (\\d+)`, 'm').exec(text);
  if (!m) throw new Error(`no fact "${title}" in:\n${text}`);
  return Number(m[1]);
}

describe('audit, end to end over HTTP', () => {
  let t: TestBot;
  let offset = 0;
  beforeAll(async () => {
    const time = testClock();
    t = await startTestBot({ env: HELPDESK, time, start: { clock: { now: () => time.now() + offset } } });
    t.sim.tenant.addUser(tricky(1, '=HYPERLINK("http://evil.example","click")', 'formula'));
    t.sim.tenant.addUser(tricky(2, 'Quote "Q", Comma\nNewline', 'quote'));
    t.sim.tenant.addUser(tricky(3, "@Zoë Ångström-Ó'Neill ✓", 'unicode'));
  });
  afterAll(async () => t.close());
  afterEach(() => {
    offset = 0;
    t.sim.faults.clear();
    t.sim.tenant.setPageSize('userRegistrationDetails', 1000);
    t.sim.throttle.enabled = true;
  });
  // With throttling on, the bot paced itself in every test: Graph never had to refuse it.
  afterEach(() => expect(t.sim.throttle.toJSON().refused).toEqual({}));

  const audit = (from = hank, where?: Where) => auditIn(t, from, where);
  let baseline: string | undefined;
  /** One audit at the default page size (the whole tenant in one page), for the page-size cases to compare with. */
  const baselineText = async () => (baseline ??= cardText((await audit()).card));

  it('counts exactly what the tenant holds', async () => {
    const now = t.sim.tenant.now();
    const { card, text } = await audit();
    const want = auditExpectations(factsOf(t.sim.tenant, now, 14), now - DAY);
    expect(fact(text, 'Total users')).toBe(want.total);
    expect(fact(text, 'MFA registered')).toBe(want.registered);
    expect(fact(text, 'MFA capable')).toBe(want.registered); // the simulator allows every registered method
    expect(fact(text, 'Not registered')).toBe(want.notRegistered);
    expect(fact(text, 'Not registered, admins')).toBe(want.adminsNotRegistered);
    expect(want.adminsNotRegistered).toBe(1); // Ulla
    expect(fact(text, 'New hires (last 14 days) not registered')).toBe(want.newHiresNotRegistered);
    expect(fact(text, 'Registration changed in the last 24 h')).toBe(want.changed);
    expect(fact(text, 'Passwordless capable')).toBe(want.passwordless);
    expect(text).toContain('Ulla Unregistered-Admin');
    expect(text).toMatch(/Not registered \(first 20 of \d+\)/);
    expect(card.actions).toEqual([expect.objectContaining({ type: 'Action.OpenUrl', title: 'Download CSV' })]);
  });

  it('reads the report page by page, never per-user methods', async () => {
    t.sim.calls.clear();
    await audit();
    const paths = [...t.sim.calls].map((c) => c.path);
    expect(paths.filter((p) => REPORT.test(p))).toHaveLength(1);
    expect(paths.filter((p) => /authentication\/methods/.test(p))).toHaveLength(0);
    const users = [...t.sim.calls].find((c) => c.path === '/users')!;
    expect(decodeURIComponent(users.query)).toMatch(/\$filter=createdDateTime ge \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/);
  });

  it.each([999, 223, 100])(
    'gives the same numbers with %i rows per page, one request per page',
    async (size) => {
      const expected = await baselineText();
      t.sim.tenant.setPageSize('userRegistrationDetails', size);
      t.sim.calls.clear();
      const { text } = await audit();
      expect(strip(text)).toBe(strip(expected));
      const total = t.sim.tenant.users.length;
      expect(total).toBe(223); // 223 = exactly one page at size 223
      expect([...t.sim.calls].filter((c) => REPORT.test(c.path))).toHaveLength(Math.ceil(total / size));
    },
    60_000,
  );

  it('gives the same numbers with 1 row per page, one request per page', async () => {
    // 223 pages would take over 7 minutes at the reports bucket's 5 requests per 10 s, and this test is about paging, not
    // throttling: the simulator's limits are off and a second bot on this tenant has its reports budget lifted (the bot
    // paces itself, so the simulator alone would not do). Throttled paging: "audit within Graph's throttling limits" below.
    const expected = await baselineText();
    t.sim.throttle.enabled = false;
    const unthrottled = await startTestBot({ sim: t.sim, connector: t.connector, env: { ...HELPDESK, GRAPH_LIMIT_REPORTS: '1000/1s' } });
    try {
      t.sim.tenant.setPageSize('userRegistrationDetails', 1);
      t.sim.calls.clear();
      const { text } = await auditIn(unthrottled);
      expect(strip(text)).toBe(strip(expected));
      expect([...t.sim.calls].filter((c) => REPORT.test(c.path))).toHaveLength(t.sim.tenant.users.length);
    } finally {
      await unthrottled.close();
    }
  });

  describe('the CSV link', () => {
    async function link() {
      const { card } = await audit();
      return card.actions[0].url as string;
    }
    let shared: string | undefined;
    /** One audit's link for the tests that only read it (an audit costs two of the reports bucket's 5 requests per 10 s). */
    const sharedLink = async () => (shared ??= await link());

    it('downloads every row, escaped for spreadsheets, for the helpdesk member it was made for', async () => {
      const url = await sharedLink();
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/exports\/[A-Za-z0-9_-]{43}$/);
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="mfa-audit-\d{12}\.csv"$/);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const raw = Buffer.from(await res.arrayBuffer());
      expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const body = raw.toString('utf8').slice(1);
      const rows = parseCsv(body);
      expect(rows[0].slice(0, 3)).toEqual(['userPrincipalName', 'displayName', 'id']);
      expect(rows).toHaveLength(t.sim.tenant.users.length + 1);
      const byUpn = new Map(rows.map((r) => [r[0], r]));
      expect(byUpn.get('formula@contoso.example')![1]).toBe('\'=HYPERLINK("http://evil.example","click")');
      expect(body).toContain('"\'=HYPERLINK(""http://evil.example"",""click"")"');
      expect(byUpn.get('quote@contoso.example')![1]).toBe('Quote "Q", Comma\nNewline');
      expect(byUpn.get('unicode@contoso.example')![1]).toBe("'@Zoë Ångström-Ó'Neill ✓");
      expect(byUpn.get(U.sean.upn)![1]).toBe("Seán O'Brien");
      expect(body).toContain(`${U.sean.upn},Seán O'Brien,`);
      expect(byUpn.get(U.ulla.upn)![4]).toBe('true');
    });

    it('survives a restart: a second bot on the same data directory honours the link', async () => {
      const url = new URL(await sharedLink());
      const again = await startTestBot({ sim: t.sim, connector: t.connector, dataDir: t.dataDir, env: HELPDESK });
      try {
        const res = await fetch(`${again.bot.url}${url.pathname}`);
        expect(res.status).toBe(200);
        expect((await res.text()).split('\n').length).toBeGreaterThan(t.sim.tenant.users.length);
      } finally {
        await again.close();
      }
    });

    it('expires after 15 minutes', async () => {
      const url = await link();
      offset = 14 * 60_000;
      expect((await fetch(url)).status).toBe(200);
      offset = 15 * 60_000 + 1000;
      const res = await fetch(url);
      expect(res.status).toBe(410);
      expect(await res.text()).toMatch(/expired/);
    });

    it('refuses made-up tokens and someone who has left the helpdesk group', async () => {
      offset = 30 * 60_000; // well past any membership the gate has cached
      const url = await link();
      expect((await fetch(url.replace(/[A-Za-z0-9_-]{43}$/, 'A'.repeat(43)))).status).toBe(404);
      expect((await fetch(url.replace(/\/exports\/.*/, '/exports/short'))).status).toBe(404);
      const helpdesk = t.sim.tenant.groups.get(CONTOSO.groups.helpdesk)!;
      helpdesk.members.delete(U.hank.id);
      try {
        offset = 41 * 60_000; // past the gate's 10-minute cache, within the link's 15 minutes
        expect((await fetch(url)).status).toBe(403);
      } finally {
        helpdesk.members.add(U.hank.id);
      }
    });

    it('in a channel the link goes to the requester privately, never onto the channel card', async () => {
      offset = 60 * 60_000; // past the membership the previous test cached while hank was out of the group
      const before = t.connector.calls.length;
      const { card, text } = await audit(hank, { kind: 'channel' });
      expect(JSON.stringify(card)).not.toMatch(/\/exports\//);
      expect(text).toMatch(/I sent the download link to you in a private chat/);
      // Hank already chats with the bot 1:1 (earlier tests), so the link goes into that chat.
      const links = t.connector.calls.slice(before).filter((c) => /\/exports\/[A-Za-z0-9_-]{43}/.test(JSON.stringify(c.body)));
      expect(links.map((c) => c.conversationId)).toEqual([`a:personal-${U.hank.id}`]);
    });
  });

  it('someone outside the helpdesk group gets no audit', async () => {
    t.sim.calls.clear();
    const { replies } = await t.send('audit', { aadObjectId: U.alice.id, name: U.alice.displayName });
    expect(replies[0].body.text).toMatch(/Only members of the helpdesk group can use `audit`/);
    expect([...t.sim.calls].some((c) => REPORT.test(c.path))).toBe(false);
  });
});

describe("audit within Graph's throttling limits", () => {
  let t: TestBot;
  // A fresh tenant and bot per test, so the reports bucket starts empty and the pacing is the same on every run.
  // At 50 rows per page the 220 users are 5 pages; with Tara's TAP confirmed that is 6 requests, one more than
  // the bucket's 5 per 10 s: no audit here fits in one window, so each is slow and has to wait instead of being refused.
  beforeEach(async () => {
    t = await startTestBot({ env: HELPDESK });
    t.sim.tenant.setPageSize('userRegistrationDetails', 50);
  });
  afterEach(async () => t.close());

  it("a scan paced at the bucket's rate: the progress message, then the card in its place; Graph refuses nothing", async () => {
    const sent = await t.send('audit', hank);
    const { card, progress, shown, final } = await finalCard(t, sent);
    expect(progress).toBeDefined();
    expect(final).toMatchObject({ method: 'PUT', activityId: progress!.id, conversationId: sent.activity.conversation.id });
    for (const sentence of shown) expect(sentence).toMatch(progressPattern('audit'));
    expect(cardProblems(card)).toEqual([]);
    expect(fact(cardText(card), 'Total users')).toBe(t.sim.tenant.users.length);

    const calls = reportsBucket(t);
    expect(calls.filter((c) => REPORT.test(c.path))).toHaveLength(5);
    expect(calls.filter((c) => !REPORT.test(c.path)).map((c) => c.path)).toEqual([
      `/users/${U.tara.id}/authentication/temporaryAccessPassMethods`,
    ]);
    expect(calls.map((c) => c.status)).toEqual([200, 200, 200, 200, 200, 200]); // no 429 ever reached the bot
    expect(t.sim.throttle.toJSON().refused).toEqual({});
    // Paced, not refused: never more than 5 in 10 s, so the sixth went once the first had left the window.
    const at = calls.map((c) => Date.parse(c.at));
    for (const start of at) expect(at.filter((x) => x >= start && x < start + 10_000).length).toBeLessThanOrEqual(5);
    expect(at[5] - at[0]).toBeGreaterThanOrEqual(9_000);
  }, 45_000);

  it('a 429 in the middle of paging resumes at the same page, not from the start', async () => {
    // 3 pages of 75 and the 429 on the second: with the retry and Tara's TAP that is the bucket's 5 requests, so
    // the audit need not wait 10 s for the window (the paging is the point here, the test above is about pacing).
    t.sim.tenant.setPageSize('userRegistrationDetails', 75);
    t.sim.faults.add({ path: REPORT, status: 429, times: 1, after: 1, retryAfterSeconds: 1 });
    const { card } = await finalCard(t, await t.send('audit', hank));
    expect(fact(cardText(card), 'Total users')).toBe(t.sim.tenant.users.length);
    const report = [...t.sim.calls].filter((c) => REPORT.test(c.path));
    expect(report.map((c) => c.status)).toEqual([200, 429, 200, 200]);
    expect(report.filter((c) => !/skiptoken/i.test(c.query))).toHaveLength(1);
    expect(report[2].query).toBe(report[1].query);
    expect(report[3].query).not.toBe(report[2].query);
    // The 429 paused the bucket for its Retry-After; the only 429 was the injected one.
    expect(Date.parse(report[2].at) - Date.parse(report[1].at)).toBeGreaterThanOrEqual(900);
    expect(t.sim.throttle.toJSON().refused).toEqual({});
  });

  it('Graph going down in the middle: the progress message, then one clear sentence and no numbers', async () => {
    t.sim.faults.add({ path: REPORT, status: 503, after: 2, retryAfterSeconds: 1 });
    const sent = await t.send('audit', hank);
    const { progress, final } = await finalAnswer(t, sent);
    expect(progress?.body.text).toMatch(progressPattern('audit'));
    expect(final).toMatchObject({ method: 'PUT', activityId: progress!.id, conversationId: sent.activity.conversation.id });
    expect(final.body.attachments ?? []).toHaveLength(0);
    expect(final.body.text).toMatch(/Microsoft Graph failed \(HTTP 503\) while I was reading the MFA registration report/);
    expect(final.body.text).toMatch(/I had read 100 users .* I'm not showing any numbers/);
    expect(final.body.text).not.toMatch(/Error:|\bat \w+ \(/);
  }, 45_000);
});
