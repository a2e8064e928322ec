import { CONTOSO } from '../../src/simulator/seed/contoso';
import { BOT, messageActivity, TENANT_ID } from '../helpers/activities';
import { startTestBot, type TestBot } from '../helpers/test-bot';

const hank = { aadObjectId: CONTOSO.users.hank.id, name: 'Hank Helpdesk' };
const STACK = /\bat [\w.<>]+ \(|\.(ts|js):\d+:\d+/;

/** `{"x": {"x": … {"id": "x"} … }}` nested `depth` deep, built without recursion. */
function nested(depth: number): Record<string, unknown> {
  let node: Record<string, unknown> = { id: 'x' };
  for (let i = 0; i < depth; i++) node = { x: node };
  return node;
}

/** The activity as JSON with `field` replaced by an object nested `depth` deep (JSON.stringify itself would overflow). */
function withDeep(activity: Record<string, unknown>, field: string, depth: number, keep: Record<string, unknown> = {}): string {
  const deep = `${'{"x":'.repeat(depth)}{"id":"x"}${'}'.repeat(depth)}`;
  const marker = '"__deep__"';
  const json = JSON.stringify({ ...activity, [field]: '__deep__' });
  const extra = Object.entries(keep)
    .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)},`)
    .join('');
  return json.replace(marker, `{${extra}"nested":${deep}}`);
}

/**
 * Bad input a probe found: each used to be a dropped turn. Each must now be a 400 or a handled turn,
 * never a 500 or a crash, and the bot answers afterwards.
 */
describe('/api/messages against probed bad input', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot();
  });
  afterAll(async () => t.close());

  const base = () => messageActivity({ text: 'help', from: hank, serviceUrl: t.connector.url });
  const expectNoTurnFailure = () => expect(t.logs.filter((l) => /turn failed|activity processing failed/.test(l))).toEqual([]);

  it('a conversationUpdate whose membersRemoved holds null is a 400', async () => {
    const res = await t.post({ ...base(), type: 'conversationUpdate', text: undefined, membersRemoved: [null, { id: BOT.id }] });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/membersRemoved/);
  });

  it.each([
    ['membersAdded', [null]],
    ['membersAdded', ['29:someone']],
    ['membersRemoved', { id: BOT.id }],
    ['attachments', [null]],
    ['reactionsAdded', [null]],
  ])('%s holding %j where Bot Framework expects objects is a 400', async (field, value) => {
    const res = await t.post({ ...base(), type: 'conversationUpdate', text: undefined, [field]: value });
    expect(res.status).toBe(400);
    expect(await res.text()).not.toMatch(STACK);
  });

  it('a message with entities: [null] is a 400', async () => {
    const res = await t.post({ ...base(), entities: [null] });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/entities/);
  });

  it('a conversation nested thousands deep is a 400, before anything recurses', async () => {
    const conversation = { id: 'a:deep', conversationType: 'personal', tenantId: TENANT_ID };
    const res = await t.post(withDeep(base(), 'conversation', 5000, conversation));
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/nested too deeply/);
    // Just as deep elsewhere (channelData, an invoke's value): refused the same way.
    for (const field of ['channelData', 'value']) expect((await t.post(withDeep(base(), field, 5000))).status).toBe(400);
  });

  it('ordinary nesting (a card action, Teams channelData) still goes through', async () => {
    const activity = { ...base(), channelData: { ...base().channelData, team: { id: '19:t', aadGroupId: 'g' }, a: nested(20) } };
    const res = await t.post(activity);
    expect(res.status).toBe(200);
    expect(t.connector.messages({ replyToId: activity.id })).toHaveLength(1);
  });

  it('a bot-removed update with null-free members is still handled quietly', async () => {
    const before = t.connector.calls.length;
    const res = await t.post({ ...base(), type: 'conversationUpdate', text: undefined, membersRemoved: [{ id: '29:someone' }] });
    expect(res.status).toBeLessThan(300);
    expect(t.connector.calls.length).toBe(before);
  });

  it('no probe failed a turn, and the bot still answers help', async () => {
    expectNoTurnFailure();
    const { status, replies } = await t.send('help', hank);
    expect(status).toBe(200);
    expect(replies).toHaveLength(1);
  });
});

describe('an activity naming two tenants', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot({ env: { GRAPH_TENANT_ID: CONTOSO.tenantId } });
  });
  afterAll(async () => t.close());

  const fromHome = (text: string) => {
    const a = messageActivity({ text, from: hank, serviceUrl: t.connector.url });
    a.conversation = { ...a.conversation, tenantId: CONTOSO.tenantId };
    a.channelData = { tenant: { id: CONTOSO.tenantId } };
    return a;
  };

  it('conversation.tenantId home but channelData.tenant.id another: refused like a foreign tenant, logged, no directory data', async () => {
    t.sim.calls.clear();
    const mixed = fromHome('status alice');
    mixed.channelData = { tenant: { id: '99999999-0000-4000-8000-000000000000' } };
    const res = await t.post(mixed);
    expect(res.status).toBe(200);
    expect(t.connector.messages({ replyToId: mixed.id }).map((r) => r.body.text)).toEqual([
      expect.stringMatching(/only work for the organisation that set me up/),
    ]);
    // The service-health poller may run meanwhile; nothing about people may be read.
    expect([...t.sim.calls].filter((c) => !c.path.startsWith('/admin/serviceAnnouncement'))).toEqual([]);
    expect(t.logs.some((l) => /two different tenants/.test(l))).toBe(true);
  });

  it('the other way round (channelData home, conversation another) is refused too', async () => {
    const mixed = fromHome('help');
    mixed.conversation = { ...mixed.conversation, tenantId: '99999999-0000-4000-8000-000000000000' };
    await t.post(mixed);
    expect(t.connector.messages({ replyToId: mixed.id }).map((r) => r.body.text)).toEqual([
      expect.stringMatching(/only work for the organisation/),
    ]);
  });

  it('a card click naming two tenants is refused with 403', async () => {
    const click = {
      ...fromHome(''),
      type: 'invoke',
      name: 'adaptiveCard/action',
      text: undefined,
      value: { action: { type: 'Action.Execute', verb: 'tap.approve', data: { requestId: 'nope' } }, trigger: 'manual' },
      channelData: { tenant: { id: '99999999-0000-4000-8000-000000000000' } },
    };
    const res = await t.post(click);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ statusCode: 403, value: { code: 'ForeignTenant' } });
  });

  it('both ids naming the home tenant (any case) is served', async () => {
    const ok = fromHome('help');
    ok.channelData = { tenant: { id: CONTOSO.tenantId.toUpperCase() } };
    await t.post(ok);
    const replies = t.connector.messages({ replyToId: ok.id });
    expect(replies).toHaveLength(1);
    expect(replies[0].body.attachments).toHaveLength(1);
  });
});
