import { systemClock } from '../../src/core/clock';
import { tapMessages } from '../../src/features/tap/tap-messages';
import { CONTOSO } from '../../src/simulator/seed/contoso';
import { cardOf, cardText } from '../helpers/card-text';
import { finalAnswer } from '../helpers/progress';
import { approvalCardFor, click, expectCodesSecret, passMessages, person, tapPosts } from '../helpers/tap-flow';
import { startTestBot, testClock, type Sent, type TestBot } from '../helpers/test-bot';

const HELPDESK = { HELPDESK_GROUP_ID: CONTOSO.groups.helpdesk };
/** The Graph areas an MFA outage takes down: directory, authentication methods, reports, policies. */
const IDENTITY = /^\/(users|groups|directoryRoles|reports|identity|policies|auditLogs)(\/|\(|$)/i;
const hank = person('hank');
const maria = person('maria');
/** Production's deadlines, not the patient ones the other integration tests use. */
const PRODUCTION_GATEWAY = { start: { gateway: { budgetMs: 12_000 } } };

const timings: Array<{ phase: string; command: string; firstMs: number; finalMs: number; answer: string }> = [];

/**
 * The seed's outage, played against the simulator in real time on SQLite (the one drill the suite keeps on the wall
 * clock: its figures are what a helpdesk would live; the Table Storage run uses the test clock): Graph healthy and lookups made; then the identity
 * endpoints answer 503; the bot restarts; they hang; then Microsoft recovers. Every command runs in each
 * phase; each must answer within 5 s, from what the bot last saw where it had it; a TAP approved during the
 * outage is issued once, after recovery, without a click, its code only in the requester's 1:1 chat.
 */
describe('outage drill', () => {
  let t: TestBot;
  let restarted: Pick<TestBot, 'sim' | 'connector'> | undefined;
  let n = 0;
  afterAll(async () => {
    process.stdout.write(
      `outage drill timings (ms):\n${timings.map((r) => `  ${r.phase.padEnd(9)} ${r.command.padEnd(28)} first ${String(r.firstMs).padStart(5)}  final ${String(r.finalMs).padStart(6)}  ${r.answer}`).join('\n')}\n`,
    );
    await t?.close();
    // After the restart the simulator and the connector belong to this file, not to the second bot.
    await restarted?.sim.close();
    await restarted?.connector.close();
  });

  /** Runs `text` in a chat of its own and records when the first reply and the final answer came. */
  async function run(phase: string, text: string, conversationId = `a:drill-${++n}`): Promise<string> {
    const where = { kind: 'personal' as const, conversationId };
    const started = Date.now();
    const sent: Sent = await t.send(text, hank, where);
    const first = t.connector.calls.slice(sent.since).find((c) => c.conversationId === where.conversationId && c.body?.type === 'message');
    const firstMs = (first?.at ?? Date.now()) - started;
    const { final } = await finalAnswer(t, sent, 60_000);
    const card = cardOf(final);
    const answer = card ? cardText(card) : String(final.body.text);
    timings.push({ phase, command: text, firstMs, finalMs: Date.now() - started, answer: answer.split('\n')[0].slice(0, 70) });
    // Whatever Graph does, the first reply (the answer, or "still trying") comes within 5 s.
    expect(firstMs).toBeLessThan(5_000);
    return answer;
  }

  const health = async (strict = false) => {
    const res = await fetch(`${t.bot.url}/healthz${strict ? '?strict=1' : ''}`);
    return { status: res.status, body: (await res.json()) as { degraded: boolean; graphAreas: Array<{ area: string; state: string }> } };
  };

  it('plays an MFA outage end to end', async () => {
    // On the wall clock once (SQLite); its run on Table Storage proves the same on the test clock.
    t = await startTestBot({ env: HELPDESK, time: process.env.TEST_STORE === 'table' ? testClock() : systemClock, ...PRODUCTION_GATEWAY });

    // 1. Healthy: the helpdesk looks people up, runs the audit and the review, asks for a pass.
    expect(await run('healthy', 'status alice@contoso.example')).toMatch(/Microsoft Authenticator/);
    expect(await run('healthy', 'health')).toMatch(/Microsoft Entra/);
    expect(await run('healthy', 'audit')).toMatch(/MFA enrolment audit/);
    expect(await run('healthy', 'lockout')).toMatch(/Total users|at risk/i);
    // In Hank's own 1:1 chat with the bot: that is where the pass will go.
    expect(await run('healthy', 'tap bob@contoso.example new phone', `a:personal-${hank.aadObjectId}`)).toMatch(
      /asked Maria Manager to approve/,
    );
    const approval = approvalCardFor(t, maria.aadObjectId);
    expect((await health()).body.degraded).toBe(false);

    // 2. The identity endpoints answer 503.
    t.sim.faults.add({ path: IDENTITY, status: 503, retryAfterSeconds: 1 });
    expect(await run('503', 'status alice@contoso.example')).toMatch(
      /Microsoft Graph is failing; this is what I saw at .*Microsoft Authenticator/s,
    );
    const nina = await run('503', 'status nina@contoso.example');
    expect(nina).toMatch(/Microsoft Graph/);
    expect(nina).not.toMatch(/can't find/);
    expect(await run('503', 'health')).toMatch(/Microsoft Entra/);
    expect(await run('503', 'audit')).toMatch(/Microsoft Graph is failing; this is what I saw at .*MFA enrolment audit/s);
    expect(await run('503', 'lockout')).toMatch(/Microsoft Graph is failing; this is what I saw at/);
    expect(await run('503', 'history')).toMatch(/Bob Baker/);
    expect(await run('503', 'subscriptions')).toMatch(/subscribe/i);
    expect(await run('503', 'help')).toMatch(/status/);
    expect(await run('503', 'tap tara@contoso.example printer broke')).toBe(tapMessages.held('tara@contoso.example', 4));
    // Maria approves Bob's pass; Graph can't create it, so it waits, and her card says so.
    const started = Date.now();
    const clicked = await click(t, {
      from: maria,
      verb: 'tap.approve',
      data: { requestId: approval.requestId },
      conversationId: approval.conversationId,
      replyToId: approval.call.id,
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(clicked.http).toBe(200);
    await t.connector.waitFor(
      () =>
        /waiting for Microsoft Graph, next try at/.test(
          JSON.stringify(t.connector.calls.filter((c) => c.method === 'PUT').map((c) => c.body)),
        ),
      20_000,
    );
    const degraded = await health();
    expect(degraded.status).toBe(200);
    expect(degraded.body.degraded).toBe(true);
    expect(degraded.body.graphAreas.find((a) => a.area === 'directory')?.state).not.toBe('ok');
    expect((await health(true)).status).toBe(503);

    // 3. The bot restarts in the middle of it, and Graph now hangs instead of failing.
    const { sim, connector, dataDir } = t;
    restarted = { sim, connector };
    await t.bot.close();
    t.sim.faults.clear();
    t.sim.faults.add({ path: IDENTITY, delayMs: 120_000 });
    t = await startTestBot({ env: HELPDESK, sim, connector, dataDir, ...PRODUCTION_GATEWAY });
    expect(await run('hanging', 'status alice@contoso.example')).toMatch(
      /Microsoft Graph is failing; this is what I saw at .*Microsoft Authenticator/s,
    );
    expect(await run('hanging', 'history')).toMatch(/Bob Baker/);
    expect(await run('hanging', 'audit')).toMatch(/Microsoft Graph is failing; this is what I saw at/);
    expect(tapPosts(t, 201)).toHaveLength(0);

    // 4. Microsoft recovers: nobody clicks anything.
    t.sim.faults.clear();
    await t.connector.waitFor(() => passMessages(t).length > 0, 180_000);
    expect(tapPosts(t, 201)).toHaveLength(1);
    expect(passMessages(t)).toHaveLength(1);
    expectCodesSecret(t, [hank.aadObjectId]);
    // The request held during the outage was checked and sent to Tara's manager, by itself too.
    const routed = /Microsoft Graph answered: I checked your TAP request for Tara Tap and asked Maria Manager to approve it/;
    await t.connector.waitFor(() => t.connector.calls.some((c) => routed.test(String(c.body?.text ?? ''))), 120_000);
    // Probes close the circuits: /healthz says ok again.
    await t.connector.waitFor(() => t.bot.graph.circuits.states().every((a) => a.state === 'ok'), 90_000);
    const after = await health();
    expect(after.body.degraded).toBe(false);
    expect(await run('recovered', 'status alice@contoso.example')).not.toMatch(/Microsoft Graph is failing/);
  }, 420_000);
});
