import { CONTOSO } from '../../src/simulator/seed/contoso';
import { limitFor } from '../../src/simulator/throttling/documented-limits';
import { cardText } from '../helpers/card-text';
import { parseCsv } from '../helpers/parse-csv';
import { finalAnswer, finalCard, impactProgressPattern } from '../helpers/progress';
import { startTestBot, testClock, type TestBot } from '../helpers/test-bot';
import { cardProblems } from '../helpers/validate-card';

const U = CONTOSO.users;
const hank = { aadObjectId: U.hank.id, name: U.hank.displayName };
const maria = { aadObjectId: U.maria.id, name: U.maria.displayName };
const HELPDESK = { HELPDESK_GROUP_ID: CONTOSO.groups.helpdesk };
const CODES = [50079, 50072, 53004, 53010, 500121, 53003];
const SIGN_INS = /^\/auditLogs\/signIns$/;

interface Entry {
  userId: string;
  createdDateTime: string;
  status: { errorCode: number };
}

/**
 * The expected answer, computed here from the simulator's own entries (not with the bot's code): a user is blocked
 * when their latest sign-in failing with a lockout code has no successful sign-in after it.
 */
function expectedFrom(entries: Entry[]): { blocked: Set<string>; recovered: Set<string>; attempts: number } {
  const lastFailure = new Map<string, number>();
  const attempts = new Map<string, number>();
  for (const e of entries) {
    if (!CODES.includes(e.status.errorCode)) continue;
    const id = e.userId.toLowerCase();
    lastFailure.set(id, Math.max(lastFailure.get(id) ?? 0, Date.parse(e.createdDateTime)));
    attempts.set(id, (attempts.get(id) ?? 0) + 1);
  }
  const blocked = new Set<string>();
  const recovered = new Set<string>();
  for (const [id, at] of lastFailure) {
    const later = entries.some((e) => e.userId.toLowerCase() === id && e.status.errorCode === 0 && Date.parse(e.createdDateTime) > at);
    (later ? recovered : blocked).add(id);
  }
  return { blocked, recovered, attempts: [...blocked].reduce((n, id) => n + attempts.get(id)!, 0) };
}

/**
 * The window the bot asked Graph for, read off its own requests: the first whose window ends after the command was
 * sent (a failed run's reads that were already queued may still arrive after it).
 */
function windowAsked(t: TestBot, since: number, sentAt: number): { from: number; to: number } {
  for (const call of t.sim.calls.slice(since)) {
    if (!SIGN_INS.test(call.path) || !/status\/errorCode eq 5/.test(decodeURIComponent(call.query))) continue;
    const filter = new URLSearchParams(call.query).get('$filter') ?? '';
    const at = (op: string) => Date.parse(new RegExp(`createdDateTime ${op} (\\S+)`).exec(filter)![1]);
    if (at('le') >= sentAt) return { from: at('ge'), to: at('le') };
  }
  throw new Error('the bot read no sign-in logs');
}

const fact = (text: string, title: string) => {
  const m = new RegExp(`^${title.replace(/[()]/g, '\\$&')}: (\\d+)`, 'm').exec(text);
  if (!m) throw new Error(`no fact "${title}" in:\n${text}`);
  return Number(m[1]);
};

/** Graph's identity reports bucket: at most 5 requests in any 10 s. */
function expectPaced(t: TestBot, since: number): number {
  const calls = t.sim.calls.slice(since).filter((c) => limitFor(c.method, c.path)?.bucket === 'identity and access reports');
  const times = calls.map((c) => Date.parse(c.at));
  for (const start of times) expect(times.filter((x) => x >= start && x < start + 10_000).length).toBeLessThanOrEqual(5);
  return calls.length;
}

describe('impact: who already hit the wall, from the sign-in logs', () => {
  let t: TestBot;
  let frozenAt: number;
  // The simulator and the bot share one clock, which the last test moves on.
  let offset = 0;
  const time = testClock();
  const now = () => time.now() + offset;
  beforeAll(async () => {
    t = await startTestBot({ env: HELPDESK, time, simOptions: { generatedUsers: 200, now }, start: { clock: { now } } });
    t.sim.timeline.advance(); // the Entra incident opens, 12 minutes ago: affected people have been failing since
    await t.bot.poller.tick();
    frozenAt = now();
    t.sim.signIns.freeze(frozenAt); // nothing new arrives while the test compares
  });
  afterAll(async () => t.close());
  afterEach(() => {
    t.sim.faults.clear();
    t.sim.tenant.setPageSize('signIns', 1000);
    // The bot paced itself: Graph never had to refuse it.
    expect(t.sim.throttle.toJSON().refused).toEqual({});
  });

  const run = async (args = '', from = hank) => {
    const since = t.sim.calls.length;
    const sentAt = now();
    const answer = await finalCard(t, await t.send(`impact${args ? ` ${args}` : ''}`, from), 120_000);
    expect(cardProblems(answer.card)).toEqual([]);
    return { ...answer, text: cardText(answer.card), since, sentAt };
  };

  it('since the incident began: exactly the people the simulator blocked, with the CSV, progress shown on the way', async () => {
    const r = await run();
    const asked = windowAsked(t, r.since, r.sentAt);
    const incident = t.sim.tenant.issues.find((i) => i.id === CONTOSO.outageIssueId)!;
    expect(asked.from).toBe(Date.parse(incident.startDateTime));
    const expected = expectedFrom(t.sim.signIns.between(asked.from, Math.min(asked.to, frozenAt)) as unknown as Entry[]);
    // The demo's named people, as the outage affects them.
    for (const key of ['nina', 'ulla', 'rita', 'sean', 'bob'] as const) expect(expected.blocked.has(U[key].id.toLowerCase())).toBe(true);
    for (const key of ['alice', 'bree', 'hank'] as const) expect(expected.blocked.has(U[key].id.toLowerCase())).toBe(false);

    expect(r.text).toContain(`${CONTOSO.outageIssueId}:`);
    expect(fact(r.text, 'Blocked now (distinct users)')).toBe(expected.blocked.size);
    expect(fact(r.text, 'Their failed attempts')).toBe(expected.attempts);
    expect(fact(r.text, 'Failed, then got in (not counted)')).toBe(expected.recovered.size);
    expect(r.text).toMatch(/Must register security info \(MFA\) first: .*: \d+ users?/);
    expect(r.text).toMatch(/Microsoft writes sign-in logs 2–5 minutes late/);
    expect(r.text).toMatch(/Also at risk in the lockout review: \d+/);
    // Slow (one read per code, 5 per 10 s): a progress message first, then the card in its place.
    expect(r.progress).toBeDefined();
    for (const s of r.shown) expect(s).toMatch(impactProgressPattern());
    expectPaced(t, r.since);

    const url = r.card.actions.find((a: { title: string }) => a.title === 'Download CSV').url as string;
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/filename="mfa-impact-\d{12}\.csv"/);
    const [header, ...rows] = parseCsv((await res.text()).replace(/^\uFEFF/, '')).filter((row) => row.length > 1);
    expect(header.slice(0, 4)).toEqual(['id', 'userPrincipalName', 'displayName', 'errorCode']);
    expect(new Set(rows.map((row) => row[0].toLowerCase()))).toEqual(expected.blocked);
    for (const row of rows) expect(CODES).toContain(Number(row[3]));
  }, 180_000);

  it('a window in minutes, and friendly refusals outside 1 to 1,440', async () => {
    for (const bad of ['0', '1441', 'ten', '-5']) {
      const since = t.sim.calls.length;
      const { final } = await finalAnswer(t, await t.send(`impact ${bad}`, hank));
      expect(final.body.text).toMatch(/^(Give the window in whole minutes|The window is 1 to 1,440 minutes)/);
      expect(t.sim.calls.slice(since).filter((c) => SIGN_INS.test(c.path))).toEqual([]);
    }
    const r = await run('5');
    const asked = windowAsked(t, r.since, r.sentAt);
    expect(asked.to - asked.from).toBe(5 * 60_000);
    const expected = expectedFrom(t.sim.signIns.between(asked.from, Math.min(asked.to, frozenAt)) as unknown as Entry[]);
    expect(fact(r.text, 'Blocked now (distinct users)')).toBe(expected.blocked.size);
  }, 180_000);

  it('small pages under throttling still finish, paced, with the same answer', async () => {
    t.sim.tenant.setPageSize('signIns', 20);
    const r = await run('30');
    const asked = windowAsked(t, r.since, r.sentAt);
    const expected = expectedFrom(t.sim.signIns.between(asked.from, Math.min(asked.to, frozenAt)) as unknown as Entry[]);
    expect(fact(r.text, 'Blocked now (distinct users)')).toBe(expected.blocked.size);
    expect(fact(r.text, 'Failed, then got in (not counted)')).toBe(expected.recovered.size);
    const reads = t.sim.calls.slice(r.since).filter((c) => SIGN_INS.test(c.path));
    expect(reads.length).toBeGreaterThan(CODES.length); // paging happened
    expect(reads.every((c) => c.status === 200)).toBe(true);
    expect(expectPaced(t, r.since)).toBeGreaterThan(5); // more than one bucket's worth: the pacing was needed
  }, 240_000);

  it('is for the helpdesk only, and says plainly when the tenant has no sign-in logs licence', async () => {
    const since = t.sim.calls.length;
    const { final } = await finalAnswer(t, await t.send('impact', maria));
    expect(final.body.text).toMatch(/Only members of the helpdesk group can use `impact`/);
    expect(t.sim.calls.slice(since).filter((c) => SIGN_INS.test(c.path))).toEqual([]);

    t.sim.faults.add({
      path: /^\/auditLogs\/signIns/,
      status: 403,
      code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
      message: "Neither tenant is B2C or tenant doesn't have premium license",
    });
    const sent = await t.send('impact 10', hank);
    expect(sent.status).toBe(200);
    const { final: said } = await finalAnswer(t, sent, 60_000);
    expect(said.body.text).toMatch(/sign-in logs/);
    expect(said.body.text).not.toMatch(/at .*\.(ts|js):\d+|Error:/);
  }, 120_000);

  it('people who failed and then got in (Microsoft restoring service) are not counted', async () => {
    t.sim.signIns.unfreeze();
    while (t.sim.timeline.applied < 3) t.sim.timeline.advance(); // restoringService: some of the affected get in
    offset += 61 * 60_000; // an hour on: everyone has tried again since (at least hourly), and those restored got in
    await t.bot.poller.tick();
    frozenAt = now();
    t.sim.signIns.freeze(frozenAt);
    const r = await run();
    const asked = windowAsked(t, r.since, r.sentAt);
    const expected = expectedFrom(t.sim.signIns.between(asked.from, Math.min(asked.to, frozenAt)) as unknown as Entry[]);
    for (const key of ['sean', 'bob'] as const) expect(expected.recovered.has(U[key].id.toLowerCase())).toBe(true);
    expect(expected.blocked.has(U.nina.id.toLowerCase())).toBe(true);
    expect(fact(r.text, 'Blocked now (distinct users)')).toBe(expected.blocked.size);
    expect(fact(r.text, 'Failed, then got in (not counted)')).toBe(expected.recovered.size);
    expect(r.text).not.toContain(U.sean.displayName);
  }, 180_000);
});
