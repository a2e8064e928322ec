import fc from 'fast-check';
import { CONTOSO } from '../../src/simulator/seed/contoso';
import { messageActivity } from '../helpers/activities';
import { startTestBot, type TestBot } from '../helpers/test-bot';

const STACK = /\bat [\w.<>]+ \(|\.(ts|js):\d+:\d+|Error: /;

describe('/api/messages with random activities (property-based)', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot({ env: { HELPDESK_GROUP_ID: CONTOSO.groups.helpdesk } });
  });
  afterAll(async () => t.close());

  const people = fc.constantFrom(
    { aadObjectId: CONTOSO.users.hank.id, name: 'Hank' },
    { aadObjectId: CONTOSO.users.alice.id, name: 'Alice' },
    { aadObjectId: undefined, name: 'Nobody' },
  );
  const words = fc.constantFrom(
    'status',
    'STATUS',
    'help',
    'tap',
    'health',
    'subscribe',
    'lockout',
    'audit',
    'history',
    'x',
    '',
    "o'brien",
    '%27',
    '$filter',
    '"',
    '\\',
    '\u0000',
  );
  const text = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.array(words, { maxLength: 5 }).map((w) => w.join(' ')),
  );

  it('messages: never 5xx, never a stack trace in a reply', async () => {
    await fc.assert(
      fc.asyncProperty(text, people, fc.constantFrom('personal', 'channel', 'groupChat'), async (msg, from, kind) => {
        const before = t.connector.calls.length;
        const res = await t.post(messageActivity({ text: msg, from, serviceUrl: t.connector.url, where: { kind } }));
        expect(res.status).toBeLessThan(500);
        for (const call of t.connector.calls.slice(before)) expect(JSON.stringify(call.body)).not.toMatch(STACK);
      }),
      { numRuns: 120 },
    );
  }, 120_000);

  it('arbitrary JSON bodies and activity types: never 5xx', async () => {
    const base = messageActivity({
      text: 'help',
      from: { aadObjectId: CONTOSO.users.hank.id, name: 'Hank' },
      serviceUrl: 'http://127.0.0.1:9/',
    });
    const mutation = fc.record(
      {
        type: fc.oneof(
          fc.constantFrom('message', 'invoke', 'conversationUpdate', 'installationUpdate', 'event', 'messageReaction', 'typing', ''),
          fc.string(),
        ),
        name: fc.oneof(fc.constantFrom('adaptiveCard/action', 'task/fetch', 'composeExtension/query'), fc.string()),
        value: fc.anything(),
        text: fc.anything(),
        channelData: fc.anything(),
        entities: fc.anything(),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        const res = await t.post({ ...base, id: `fuzz-${Math.random()}`, serviceUrl: t.connector.url, ...m });
        expect(res.status).toBeLessThan(500);
        const body = await res.text();
        expect(body).not.toMatch(STACK);
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  it('arbitrary bytes: a 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), async (raw) => {
        const res = await t.post(raw);
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 100 },
    );
  });

  it('is still alive and answering after all of the above', async () => {
    const { status, replies } = await t.send('help', { aadObjectId: CONTOSO.users.hank.id, name: 'Hank' });
    expect(status).toBe(200);
    expect(replies).toHaveLength(1);
  });
});
