import { CONTOSO } from '../../src/simulator/seed/contoso';
import { TENANT_ID } from '../helpers/activities';
import { cardText } from '../helpers/card-text';
import { cardIn, channelCalls } from '../helpers/health-calls';
import { finalCard } from '../helpers/progress';
import { invokeActivity, person } from '../helpers/tap-flow';
import { startTestBot, type TestBot } from '../helpers/test-bot';
import { cardProblems } from '../helpers/validate-card';

const HELPDESK = { HELPDESK_GROUP_ID: CONTOSO.groups.helpdesk };
const EN = CONTOSO.outageIssueId;
const hank = person('hank');
const hana = person('hana');
const maria = person('maria');
const CH = ['19:runbook-a@thread.tacv2', '19:runbook-b@thread.tacv2'];
const team = (i: number) => `19:runbook-team-${i}@thread.tacv2`;

/** The incident card's thread in a channel, and the card as it now reads there (the last update, else the post). */
function threadOf(t: TestBot, channelId: string) {
  const calls = channelCalls(t.connector, channelId);
  const thread = calls.threads[0];
  const latest = calls.updates.length ? cardIn(calls.updates[calls.updates.length - 1]) : cardIn(thread);
  return { conversationId: thread.conversationId, activityId: thread.id, card: latest, calls };
}

/** A click (or a refresh) on the incident card in a channel thread, as Teams sends it. */
async function clickInChannel(t: TestBot, i: number, from: typeof hank, verb: string, trigger: 'manual' | 'automatic' = 'manual') {
  const { conversationId, activityId } = threadOf(t, CH[i]);
  const activity = invokeActivity({
    from,
    verb,
    data: { incidentId: EN },
    conversationId,
    replyToId: activityId,
    serviceUrl: t.connector.url,
    trigger,
  });
  activity.conversation = { ...activity.conversation, conversationType: 'channel', tenantId: TENANT_ID };
  Object.assign(activity.channelData, { channel: { id: CH[i] }, team: { id: team(i) } });
  const res = await t.post(activity);
  return { http: res.status, body: (await res.json()) as { statusCode: number; type: string; value: any } };
}

describe('the runbook on the incident card', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot({ env: { ...HELPDESK, HELPDESK_CONTACT: '+1 425 555 0100' }, start: { poller: { start: false } } });
    for (const [i, channelId] of CH.entries()) {
      const { replies } = await t.send('subscribe', hank, { kind: 'channel', channelId, teamId: team(i) });
      expect(replies[0].body.text).toMatch(/^Subscribed/);
    }
    t.sim.timeline.advance();
    await t.bot.poller.tick();
  });
  afterAll(async () => t.close());

  it('is on the identity incident card in every channel: four steps, their buttons, a refresh, within Teams limits', () => {
    for (const channelId of CH) {
      const { card } = threadOf(t, channelId);
      expect(cardProblems(card)).toEqual([]);
      expect(JSON.stringify(card).length).toBeLessThan(28 * 1024);
      const text = cardText(card);
      expect(text).toMatch(/⬜ Audit MFA enrolment/);
      expect(text).toMatch(/⬜ Review conditional access for lockouts/);
      expect(text).toMatch(/⬜ Communicate/);
      expect(text).toMatch(/✅ Watch service health: this conversation is subscribed/);
      const verbs = JSON.stringify(card).match(/"verb":"runbook\.\w+"/g);
      expect(new Set(verbs)).toEqual(new Set(['audit', 'lockout', 'impact', 'notify', 'refresh'].map((v) => `"verb":"runbook.${v}"`)));
      expect(card.refresh.action.verb).toBe('runbook.refresh');
      expect(card.refresh.userIds).toBeUndefined();
    }
  });

  it('refuses a click by someone outside the helpdesk, and runs nothing', async () => {
    const before = t.sim.calls.length;
    const r = await clickInChannel(t, 0, maria, 'runbook.audit');
    expect(r.body.statusCode).toBe(403);
    expect(r.body.type).toBe('application/vnd.microsoft.error');
    expect(r.body.value.message).toMatch(/Only members of the helpdesk group can run the runbook steps/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(t.sim.calls.slice(before).filter((c) => /userRegistrationDetails/.test(c.path))).toEqual([]);
  });

  it('a click runs the step in the thread; done, every copy of the card says who did it, and viewers see the same state', async () => {
    const sinceConnector = t.connector.calls.length;
    const r = await clickInChannel(t, 0, hank, 'runbook.audit');
    expect(r.body.statusCode).toBe(200);
    expect(cardText(r.body.value)).toMatch(/⏳ Audit MFA enrolment[^\n]*\(started by Hank Helpdesk at /);
    // The audit's answer arrives in the card's thread, as if Hank had typed it there.
    const thread = threadOf(t, CH[0]).conversationId;
    await t.connector.waitFor(
      () =>
        t.connector.calls
          .slice(sinceConnector)
          .some((c) => c.conversationId === thread && /MFA enrolment audit/.test(JSON.stringify(c.body))),
      90_000,
    );
    // Recorded as done: both channels' cards are updated in place through the outbox.
    await t.bot.poller.tick();
    for (const channelId of CH)
      expect(cardText(threadOf(t, channelId).card)).toMatch(/✅ Audit MFA enrolment[^\n]*\(done by Hank Helpdesk at /);

    // Two people opening the card (Teams refreshes it for each) see the same shared state.
    for (const viewer of [hana, maria]) {
      const seen = await clickInChannel(t, 1, viewer, 'runbook.refresh', 'automatic');
      expect(seen.body.statusCode).toBe(200);
      expect(cardText(seen.body.value)).toMatch(/✅ Audit MFA enrolment[^\n]*\(done by Hank Helpdesk at /);
      expect(cardText(seen.body.value)).toMatch(/⬜ Review conditional access for lockouts/);
    }
  }, 120_000);

  it('a step run from anywhere counts: lockout typed in a personal chat ticks it on the channel cards', async () => {
    const { card } = await finalCard(t, await t.send('lockout', hana), 90_000);
    expect(cardText(card)).toMatch(/Lockout review/);
    await t.bot.poller.tick();
    for (const channelId of CH)
      expect(cardText(threadOf(t, channelId).card)).toMatch(/✅ Review conditional access for lockouts[^\n]*\(done by Hana Helpdesk at /);
  }, 120_000);
});
