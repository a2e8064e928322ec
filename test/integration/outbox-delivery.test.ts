import { text } from '../../src/core/reply';
import { CONTOSO } from '../../src/simulator/seed/contoso';
import type { NewOutboxItem } from '../../src/ports/outbox-store';
import { cardOf, cardText } from '../helpers/card-text';
import { ConnectorStandIn } from '../helpers/connector-stand-in';
import { cardIn, channelCalls } from '../helpers/health-calls';
import { approvalCardFor, click, expectCodesSecret, passMessages, person, U } from '../helpers/tap-flow';
import { startTestBot, type TestBot } from '../helpers/test-bot';

const hank = person('hank');
const maria = person('maria');
const EN = CONTOSO.outageIssueId;
const OPS = '19:ops@thread.tacv2';
const SECURITY = '19:security@thread.tacv2';
const HELPDESK = { HELPDESK_GROUP_ID: CONTOSO.groups.helpdesk };
const channel = (channelId: string) => ({ kind: 'channel' as const, channelId, teamId: '19:team-it@thread.tacv2' });

/** Outbox sends by kind, as the worker counted them. */
const sentBy = (t: TestBot, kind: string) => t.bot.outbox.stats[kind]?.sent ?? 0;
/** TAP cards as the connector saw them: posted (approver 1:1 and tracking) and updated in place. */
const tapCardCalls = (t: TestBot) =>
  t.connector.calls.filter((c) => c.status < 300 && /Temporary Access Pass for/.test(cardText(cardOf(c) ?? cardIn(c) ?? {})));

async function subscribe(t: TestBot, channelId: string) {
  const { replies } = await t.send('subscribe', hank, channel(channelId));
  expect(replies[0].body.text).toMatch(/^Subscribed/);
}

describe('one outbox for everything sent outside a turn', () => {
  let t: TestBot;
  afterEach(async () => {
    if (!t) return;
    try {
      expectCodesSecret(t, [U.hank.id]);
    } finally {
      await t.close();
    }
  });

  it('service-health fan-out and TAP approval cards both go through it: its sends are what Teams received', async () => {
    t = await startTestBot({ env: { ...HELPDESK, POLL_INTERVAL_SECONDS: '3600' }, start: { poller: { start: false } } });
    await subscribe(t, OPS);
    await subscribe(t, SECURITY);
    t.sim.timeline.advance();
    await t.bot.poller.tick();
    t.sim.timeline.advance();
    await t.bot.poller.tick();

    const incident = [OPS, SECURITY].map((c) => channelCalls(t.connector, c));
    expect(incident.map((c) => [c.threads.length, c.replies.length, c.updates.length])).toEqual([
      [1, 1, 1],
      [1, 1, 1],
    ]);
    expect(sentBy(t, 'incident.card')).toBe(2);
    expect(sentBy(t, 'incident.reply')).toBe(2);
    expect(sentBy(t, 'incident.cardUpdate')).toBe(2);
    const incidentCounts = await t.bot.services.store.outbox.counts(`incident:${EN}`);
    expect(incidentCounts).toMatchObject({ sent: 6, queued: 0, sending: 0, failed: 0 });

    const { replies } = await t.send('tap bob new phone', hank, channel(OPS));
    expect(replies[0].body.text).toMatch(/I asked Maria Manager to approve/);
    const approval = approvalCardFor(t, U.maria.id);
    await click(t, {
      from: maria,
      verb: 'tap.approve',
      data: { requestId: approval.requestId },
      conversationId: approval.conversationId,
      replyToId: approval.call.id,
    });
    const posted = tapCardCalls(t).filter((c) => c.method === 'POST');
    const updated = tapCardCalls(t).filter((c) => c.method === 'PUT');
    expect([posted.length, updated.length]).toEqual([2, 2]); // the approver's 1:1 and the tracking card, each updated once
    expect(sentBy(t, 'tap.card')).toBe(posted.length);
    expect(sentBy(t, 'tap.cardUpdate')).toBe(updated.length);
    expect(await t.bot.services.store.outbox.counts(`tap:${approval.requestId}`)).toMatchObject({ sent: 4, queued: 0, failed: 0 });
    // The pass itself is the one direct send: never an outbox item.
    expect(passMessages(t)).toHaveLength(1);
    const total = Object.values(t.bot.outbox.stats).reduce((n, s) => n + (s.sent ?? 0), 0);
    expect(total).toBe(6 + 4);
  });

  it('DELIVERY_DRY_RUN=true: incident and TAP cards are logged, and nothing reaches the connector', async () => {
    t = await startTestBot({
      env: { ...HELPDESK, POLL_INTERVAL_SECONDS: '3600', DELIVERY_DRY_RUN: 'true' },
      start: { poller: { start: false } },
    });
    await subscribe(t, OPS);
    const proactive = () => t.connector.calls.filter((c) => c.method === 'PUT' || (c.method === 'POST' && c.path === '/v3/conversations'));
    t.sim.timeline.advance();
    await t.bot.poller.tick();
    t.sim.timeline.advance();
    await t.bot.poller.tick();
    const { replies } = await t.send('tap bob new phone', hank, channel(OPS));
    expect(replies).toHaveLength(1); // the answer in the turn is not proactive
    expect(proactive()).toEqual([]);
    expect(channelCalls(t.connector, OPS).threads).toEqual([]);
    expect(t.connector.messages().filter((c) => cardOf(c))).toEqual([]);

    const dry = t.logs.filter((l) => l.includes('dry run: would send')).map((l) => JSON.parse(l));
    expect(dry.map((l) => l.kind).sort()).toEqual(['incident.card', 'incident.cardUpdate', 'incident.reply', 'tap.card', 'tap.card']);
    expect(dry.find((l) => l.kind === 'incident.card')).toMatchObject({ target: 'newThread', summary: expect.stringContaining(EN) });
    expect(dry.filter((l) => l.kind === 'tap.card').map((l) => l.target)).toEqual(['user', 'conversation']);
    expect(await t.bot.services.store.outbox.counts(`incident:${EN}`)).toMatchObject({ 'dry-run': 3, sent: 0 });
    const health = await (await fetch(`${t.bot.url}/healthz`)).json();
    expect(health.outbox).toEqual({ queued: 0, oldestQueuedAgeSeconds: 0, paused: 0, dryRun: true });
  });

  describe('retries, permanent refusals and crash recovery (injected clock)', () => {
    let now: number;
    let connector: ConnectorStandIn;
    const note = (key: string, conversationId: string): NewOutboxItem => ({
      key,
      kind: 'test.note',
      lane: `conv:${conversationId}`,
      tenant: CONTOSO.tenantId,
      to: { kind: 'conversation', ref: { serviceUrl: connector.url, channelId: 'msteams', conversation: { id: conversationId } } },
      payload: { words: `note ${key}` },
    });
    const notesTo = (conversationId: string) => connector.messages({ conversationId }).map((c) => c.body.text);

    beforeEach(async () => {
      now = Date.UTC(2025, 2, 1, 8);
      connector = await new ConnectorStandIn().start();
      t = await startTestBot({
        connector,
        start: { clock: { now: () => now }, poller: { start: false, sender: { maxAttempts: 1 } } },
      });
      // A new kind of proactive message: a builder and an enqueue call.
      t.bot.outbox.register({ 'test.note': { build: async (item) => text(String(item.payload.words)) } });
    });
    afterEach(async () => connector.close());

    it('a transient 503 is retried later with backoff, never at once; a permanent 400 is not retried', async () => {
      let down = true;
      connector.respondWith((c) =>
        down && c.conversationId === 'a:flaky' ? { status: 503, body: { error: { code: 'ServiceUnavailable' } } } : undefined,
      );
      connector.respondWith((c) => (c.conversationId === 'a:bad' ? { status: 400, body: { error: { code: 'BadArgument' } } } : undefined));
      await t.bot.outbox.enqueue([note('n1', 'a:flaky'), note('n2', 'a:bad'), note('n3', 'a:flaky')]);
      await t.bot.outbox.drain();
      const refused = (status: number) => connector.calls.filter((c) => c.status === status).length;
      const first503s = refused(503);
      expect(first503s).toBeGreaterThan(0);
      expect(refused(400)).toBe(1);
      expect(await t.bot.services.store.outbox.get('n2')).toMatchObject({ state: 'failed', error: { status: 400, code: 'BadArgument' } });
      expect(t.logs.some((l) => l.includes('for good') && l.includes('"code":"BadArgument"') && !l.includes('note n2'))).toBe(true);

      // The first failure is due again at the next pass; the second waits about a minute (±25 %).
      await t.bot.outbox.drain();
      expect(refused(503)).toBe(2 * first503s);
      const backedOff = (await t.bot.services.store.outbox.get('n1'))!;
      expect(backedOff).toMatchObject({ state: 'queued', attempts: 2, error: { status: 503, code: 'ServiceUnavailable' } });
      expect(backedOff.notBefore - now).toBeGreaterThanOrEqual(45_000);
      expect(backedOff.notBefore - now).toBeLessThanOrEqual(75_000);
      now += 40_000;
      await t.bot.outbox.drain();
      expect(refused(503)).toBe(2 * first503s);
      expect(notesTo('a:flaky')).toEqual([]); // n3 waits behind n1: one lane, in order

      down = false;
      now += 40_000;
      await t.bot.outbox.drain();
      expect(notesTo('a:flaky')).toEqual(['note n1', 'note n3']);
      now += 3_600_000;
      await t.bot.outbox.drain();
      expect(refused(400)).toBe(1);
      expect(sentBy(t, 'test.note')).toBe(2);
      expect(t.bot.outbox.stats['test.note']).toMatchObject({ retrying: 2, failed: 1 });
    }, 60_000);

    it('an item left "sending" by an instance that died is sent again once its claim expires, logged as a possible duplicate', async () => {
      const store = t.bot.services.store.outbox;
      await store.enqueue([note('n1', 'a:crash')], now, { holder: 'instance-that-died', until: now + 600_000 });
      await store.markSending('n1', 'instance-that-died', now);
      await t.bot.outbox.drain();
      expect(notesTo('a:crash')).toEqual([]); // its claim is still live
      now += 600_000;
      await t.bot.outbox.drain();
      expect(notesTo('a:crash')).toEqual(['note n1']);
      expect(await store.get('n1')).toMatchObject({ state: 'sent', attempts: 2 });
      expect(t.logs.some((l) => l.includes('possible duplicate') && l.includes('"key":"n1"'))).toBe(true);
      await t.bot.outbox.drain();
      expect(notesTo('a:crash')).toEqual(['note n1']);
    });
  });
});
