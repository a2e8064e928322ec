import { CONTOSO } from '../../src/simulator/seed/contoso';
import { messageActivity } from '../helpers/activities';
import { finalAnswer } from '../helpers/progress';
import { startTestBot, type TestBot } from '../helpers/test-bot';

const hank = { aadObjectId: CONTOSO.users.hank.id, name: 'Hank Helpdesk' };

describe('/api/messages and /healthz', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot();
  });
  afterAll(async () => t.close());

  it('help answers with the command card', async () => {
    const { status, replies } = await t.send('help', hank);
    expect(status).toBe(200);
    expect(replies[0].body.attachments[0].content.body).toBeDefined();
  });

  it.each(['hello there', 'STATUSX alice', '¿qué?', 'DROP TABLE users;', '<script>alert(1)</script>', 'x'.repeat(5000)])(
    'unknown text %#: a short hint, never silence',
    async (text) => {
      const { status, replies } = await t.send(text, hank);
      expect(status).toBe(200);
      expect(replies).toHaveLength(1);
      expect(replies[0].body.text).toMatch(/I don't know .*Try help/);
      expect(replies[0].body.text.length).toBeLessThan(300);
    },
  );

  it('an empty message points at help', async () => {
    const { replies } = await t.send('   ', hank);
    expect(replies[0].body.text).toMatch(/help/);
  });

  it('commands of later features are parsed and answered, not crashed', async () => {
    for (const text of ['health', 'subscribe all', 'unsubscribe', 'subscriptions', 'tap bob lost phone', 'audit', 'lockout', 'history']) {
      const sent = await t.send(text, hank);
      expect(sent.status).toBe(200);
      // A review waiting for the reports bucket answers through a progress message: its result counts.
      const { final } = await finalAnswer(t, sent);
      expect(final.body.text ?? '').not.toMatch(/Something went wrong on my side/);
    }
  });

  it('malformed JSON is a 400, not a 500', async () => {
    const res = await t.post('{"type": "message", ');
    expect(res.status).toBe(400);
  });

  it.each([
    ['an array', []],
    ['a string', '"hello"'],
    ['no type', { text: 'hi' }],
    ['no conversation', { ...messageActivity({ text: 'help', from: hank, serviceUrl: 'http://127.0.0.1:9/' }), conversation: undefined }],
    ['no serviceUrl', { ...messageActivity({ text: 'help', from: hank, serviceUrl: 'http://127.0.0.1:9/' }), serviceUrl: 42 }],
    ['text not a string', { ...messageActivity({ text: 'help', from: hank, serviceUrl: 'http://127.0.0.1:9/' }), text: { a: 1 } }],
  ])('a body with %s is a 400', async (_name, body) => {
    const res = await t.post(body);
    expect(res.status).toBe(400);
    expect(await res.text()).not.toMatch(/at .*\.(js|ts):\d+/);
  });

  it('an oversized body is refused with 413', async () => {
    const res = await t.post({ ...messageActivity({ text: 'x'.repeat(400_000), from: hank, serviceUrl: t.connector.url }) });
    expect(res.status).toBe(413);
  });

  it('/healthz reports version, uptime, storage and the last Graph outcome', async () => {
    await t.send('status alice', hank);
    const res = await fetch(`${t.bot.url}/healthz`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      status: 'ok',
      version: expect.any(String),
      uptime: expect.any(Number),
      storage: { ok: true },
      graph: { ok: true },
    });
  });

  it('conversation updates and other activity types are acknowledged quietly', async () => {
    const base = messageActivity({ text: '', from: hank, serviceUrl: t.connector.url });
    const before = t.connector.calls.length;
    for (const type of ['conversationUpdate', 'installationUpdate', 'messageReaction', 'typing']) {
      const res = await t.post({ ...base, type, text: undefined, id: `${type}-1` });
      expect(res.status).toBeLessThan(300);
    }
    expect(t.connector.calls.length).toBe(before);
  });
});
