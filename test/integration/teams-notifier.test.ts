import { CONTOSO } from '../../src/simulator/seed/contoso';
import { text } from '../../src/core/reply';
import { NotifyError } from '../../src/ports/notifier';
import { startTestBot, type TestBot } from '../helpers/test-bot';

const hank = { aadObjectId: CONTOSO.users.hank.id, name: 'Hank Helpdesk' };

describe('proactive messages through the Bot Connector', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot();
  });
  afterAll(async () => t.close());

  async function referenceFrom(where: Parameters<TestBot['send']>[2]) {
    const { activity } = await t.send('help', hank, where);
    const { conversationOf } = await import('../../src/bot/turn-info');
    return conversationOf(activity as never).reference;
  }

  it('sends into a conversation and updates the message in place', async () => {
    const ref = await referenceFrom({ kind: 'personal' });
    const sent = await t.bot.services.notifier.send(ref, text('first'));
    expect(sent.activityId).toMatch(/^act-/);
    await t.bot.services.notifier.update(ref, sent.activityId, text('second'));
    const put = t.connector.calls.find((c) => c.method === 'PUT');
    expect(put).toMatchObject({ activityId: sent.activityId, body: { text: 'second' } });
  });

  it('starts a channel thread and replies inside it', async () => {
    const ref = await referenceFrom({ kind: 'channel', channelId: '19:ops@thread.tacv2' });
    const thread = await t.bot.services.notifier.startThread(ref, '19:ops@thread.tacv2', text('incident'));
    const create = t.connector.calls.find((c) => c.method === 'POST' && c.path === '/v3/conversations');
    expect(create?.body).toMatchObject({
      isGroup: true,
      channelData: { channel: { id: '19:ops@thread.tacv2' } },
      activity: { text: 'incident' },
    });
    expect((thread.ref as any).conversation.id).toBe(`19:ops@thread.tacv2;messageid=${thread.activityId}`);
    await t.bot.services.notifier.send(thread.ref, text('update 1'));
    expect(
      t.connector.messages({ conversationId: `19:ops@thread.tacv2;messageid=${thread.activityId}` }).map((c) => c.body.text),
    ).toContain('update 1');
  });

  it('opens a 1:1 chat with a user by Entra object id', async () => {
    const sent = await t.bot.services.notifier.sendToUser(
      { aadObjectId: CONTOSO.users.maria.id, tenantId: CONTOSO.tenantId, serviceUrl: t.connector.url },
      text('hello Maria'),
    );
    const create = t.connector.calls.filter((c) => c.method === 'POST' && c.path === '/v3/conversations').pop();
    expect(create?.body).toMatchObject({ isGroup: false, members: [{ id: CONTOSO.users.maria.id }], tenantId: CONTOSO.tenantId });
    expect(t.connector.messages({ conversationId: (sent.ref as any).conversation.id }).map((c) => c.body.text)).toEqual(['hello Maria']);
  });

  it('hands Teams failures back with status, code and Retry-After', async () => {
    const ref = await referenceFrom({ kind: 'personal', conversationId: 'a:gone' });
    const stop = t.connector.respondWith((c) =>
      c.conversationId === 'a:gone'
        ? {
            status: 403,
            body: { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } },
          }
        : undefined,
    );
    const err = await t.bot.services.notifier.send(ref, text('x')).catch((e) => e);
    stop();
    expect(err).toBeInstanceOf(NotifyError);
    expect(err).toMatchObject({ status: 403, code: 'BotNotInConversationRoster', goneForGood: true, retryable: false });

    const unblock = t.connector.block(['a:gone']);
    const blocked = await t.bot.services.notifier.send(ref, text('x')).catch((e) => e);
    unblock();
    expect(blocked).toMatchObject({ status: 403, code: 'MessageWritesBlocked', goneForGood: true });

    const stop429 = t.connector.respondWith((c) =>
      c.conversationId === 'a:gone' ? { status: 429, headers: { 'retry-after': '2' }, body: { error: { code: 'Throttled' } } } : undefined,
    );
    const throttled = await t.bot.services.notifier.send(ref, text('x')).catch((e) => e);
    stop429();
    expect(throttled).toMatchObject({ status: 429, retryable: true, retryAfterMs: 2000 });
  });

  it('a private message reuses the 1:1 chat the person already has with the bot, and forgets it once Teams says it is gone', async () => {
    const alice = { aadObjectId: CONTOSO.users.alice.id, name: 'Alice' };
    await t.send('help', alice, { kind: 'personal', conversationId: 'a:alice-chat' });
    const creates = () => t.connector.calls.filter((c) => c.method === 'POST' && c.path === '/v3/conversations').length;
    const before = creates();
    const user = { aadObjectId: alice.aadObjectId, tenantId: CONTOSO.tenantId, serviceUrl: t.connector.url };
    await t.bot.services.notifier.sendToUser(user, text('your pass is ready'));
    expect(creates()).toBe(before);
    expect(t.connector.messages({ conversationId: 'a:alice-chat' }).map((c) => c.body.text)).toContain('your pass is ready');

    const stop = t.connector.respondWith((c) =>
      c.conversationId === 'a:alice-chat' ? { status: 404, body: { error: { code: 'ConversationNotFound', message: 'gone' } } } : undefined,
    );
    const sent = await t.bot.services.notifier.sendToUser(user, text('second try'));
    stop();
    expect(creates()).toBe(before + 1);
    expect(t.connector.messages({ conversationId: (sent.ref as any).conversation.id }).map((c) => c.body.text)).toEqual(['second try']);
    // The new chat is remembered for next time.
    await t.bot.services.notifier.sendToUser(user, text('third'));
    expect(creates()).toBe(before + 1);
  });
});
