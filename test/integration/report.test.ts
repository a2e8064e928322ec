import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CONTOSO } from '../../src/simulator/seed/contoso';
import { cardText } from '../helpers/card-text';
import { cardIn, channelCalls } from '../helpers/health-calls';
import { finalCard } from '../helpers/progress';
import { approvalCardFor, cardUpdated, click, expectCodesSecret, knownCodes, passMessages, person } from '../helpers/tap-flow';
import { startTestBot, type TestBot } from '../helpers/test-bot';
import { cardProblems } from '../helpers/validate-card';

const HELPDESK = { HELPDESK_GROUP_ID: CONTOSO.groups.helpdesk, HELPDESK_CONTACT: '+1 425 555 0100' };
const EN = CONTOSO.outageIssueId;
const hank = person('hank');
const maria = person('maria');
const CH = ['19:report-a@thread.tacv2', '19:report-b@thread.tacv2'];
const team = (i: number) => `19:report-team-${i}@thread.tacv2`;
const hankChat = `a:personal-${hank.aadObjectId}`;

/** The report replies in a channel's incident thread. */
const reportsIn = (t: TestBot, channelId: string) =>
  channelCalls(t.connector, channelId).replies.filter((c) => /Post-incident report/.test(JSON.stringify(cardIn(c) ?? {})));

/** Every file under a directory, as bytes (the SQLite file and its WAL, exports). */
function filesUnder(dir: string): Buffer[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [readFileSync(path)];
  });
}

describe('the post-incident report', () => {
  let t: TestBot;
  const owned: Array<{ close(): Promise<void> }> = [];
  afterAll(async () => {
    await t?.close();
    for (const o of owned) await o.close();
  });

  it('posts once per subscribed channel when the incident resolves, across a restart, with what the helpdesk did and no TAP code', async () => {
    t = await startTestBot({ env: HELPDESK, start: { poller: { start: false }, outbox: { start: true, intervalMs: 200 } } });
    for (const [i, channelId] of CH.entries()) {
      const { replies } = await t.send('subscribe', hank, { kind: 'channel', channelId, teamId: team(i) });
      expect(replies[0].body.text).toMatch(/^Subscribed/);
    }
    t.sim.timeline.advance();
    await t.bot.poller.tick();

    // During the incident: a TAP requested and approved, and the sign-in impact checked.
    const asked = await t.send('tap bob@contoso.example new phone', hank, { kind: 'personal', conversationId: hankChat });
    expect(JSON.stringify(asked.replies.map((r) => r.body))).toMatch(/asked Maria Manager to approve/);
    const approval = approvalCardFor(t, maria.aadObjectId);
    const clicked = await click(t, {
      from: maria,
      verb: 'tap.approve',
      data: { requestId: approval.requestId },
      conversationId: approval.conversationId,
      replyToId: approval.call.id,
    });
    expect(clicked.http).toBe(200);
    await cardUpdated(t, approval.call, /TAP valid until/);
    expect(passMessages(t)).toHaveLength(1);
    const impact = await finalCard(t, await t.send('impact', hank), 120_000);
    const blocked = Number(/Blocked now \(distinct users\): (\d+)/.exec(cardText(impact.card))![1]);

    // The incident runs its course; the bot restarts before Microsoft resolves it.
    while (t.sim.timeline.applied < 3) {
      t.sim.timeline.advance();
      await t.bot.poller.tick();
    }
    for (const channelId of CH) expect(reportsIn(t, channelId)).toHaveLength(0);
    const { sim, connector, dataDir } = t;
    owned.push(sim, connector);
    const logs = [...t.logs];
    await t.bot.close();
    t = await startTestBot({
      sim,
      connector,
      dataDir,
      env: HELPDESK,
      start: { poller: { start: false }, outbox: { start: true, intervalMs: 200 } },
    });
    t.sim.timeline.advance(); // resolved
    await t.bot.poller.tick();
    await t.bot.poller.tick();
    for (const channelId of CH) {
      const reports = reportsIn(t, channelId);
      expect(reports).toHaveLength(1);
      const card = cardIn(reports[0]);
      expect(cardProblems(card)).toEqual([]);
      const text = cardText(card);
      expect(text).toContain(`Post-incident report: ${EN} is resolved`);
      expect(text).toMatch(/Duration: /);
      expect(text).toMatch(/Microsoft's posts/);
      expect(text).toMatch(/1 request: requested 1, approved 1, issued 1/);
      expect(text).toMatch(/Decided by: Maria Manager \(1\)/);
      expect(text).toMatch(new RegExp(`At the peak: ${blocked} users? blocked`));
      expect(text).toMatch(/Sign-in impact: done by Hank Helpdesk/);
      expect(text).toMatch(/First scan \(.*\): \d+ not registered, \d+ at risk of lockout/);
      expect(text).toMatch(/No notices were sent about this incident/);
      // It follows the resolution in the thread.
      const thread = channelCalls(t.connector, channelId);
      expect(thread.replies.indexOf(reports[0])).toBe(thread.replies.length - 1);
    }
    // Once: more polls, and another restart, post nothing again.
    await t.bot.poller.tick();
    logs.push(...t.logs);
    await t.bot.close();
    t = await startTestBot({
      sim,
      connector,
      dataDir,
      env: HELPDESK,
      start: { poller: { start: false }, outbox: { start: true, intervalMs: 200 } },
    });
    await t.bot.poller.tick();
    for (const channelId of CH) expect(reportsIn(t, channelId)).toHaveLength(1);

    // `report` makes it again on demand, with the Markdown export linked in a 1:1 chat.
    const { card } = await finalCard(t, await t.send(`report ${EN}`, hank, { kind: 'personal', conversationId: hankChat }));
    expect(cardText(card)).toMatch(/1 request: requested 1, approved 1, issued 1/);
    const url = card.actions.find((a: { title: string }) => a.title === 'Download CSV')?.url as string;
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/markdown/);
    const markdown = await res.text();
    expect(markdown).toMatch(new RegExp(`^# ${EN}: `));
    expect(markdown).toMatch(/## Temporary Access Passes/);

    // No TAP code in any byte sent (but the one pass message), logged or stored; nor in the report.
    expectCodesSecret(t, [hank.aadObjectId]);
    const codes = knownCodes(t);
    expect(codes.length).toBeGreaterThan(0);
    const stored = filesUnder(dataDir).map((b) => b.toString('latin1'));
    for (const code of codes) {
      expect(logs.some((l) => l.includes(code))).toBe(false);
      expect(markdown).not.toContain(code);
      expect(stored.some((s) => s.includes(code))).toBe(false);
    }
  }, 300_000);
});
