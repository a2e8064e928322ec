import { CONTOSO } from '../../src/simulator/seed/contoso';
import { messageActivity } from '../helpers/activities';
import { startTestBot, type TestBot } from '../helpers/test-bot';

const hank = { aadObjectId: CONTOSO.users.hank.id, name: 'Hank Helpdesk' };

describe('one tenant only', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot({ env: { GRAPH_TENANT_ID: CONTOSO.tenantId } });
  });
  afterAll(async () => t.close());

  it('the home tenant is served', async () => {
    const { replies } = await t.send('status alice', hank);
    expect(replies[0].body.attachments).toHaveLength(1);
  });

  it("another organisation's conversation gets a refusal and no directory data", async () => {
    t.sim.calls.clear();
    const foreign = messageActivity({ text: 'status alice', from: hank, serviceUrl: t.connector.url });
    foreign.conversation = { ...foreign.conversation, tenantId: '99999999-0000-4000-8000-000000000000' };
    const res = await t.post(foreign);
    expect(res.status).toBe(200);
    const replies = t.connector.messages({ replyToId: foreign.id });
    expect(replies.map((r) => r.body.text)).toEqual([expect.stringMatching(/only work for the organisation that set me up/)]);
    expect([...t.sim.calls]).toEqual([]);
  });

  it('a conversation that names no tenant is refused too', async () => {
    const anonymous = messageActivity({ text: 'status alice', from: hank, serviceUrl: t.connector.url });
    anonymous.conversation = { ...anonymous.conversation, tenantId: undefined };
    anonymous.channelData = {};
    await t.post(anonymous);
    expect(t.connector.messages({ replyToId: anonymous.id }).map((r) => r.body.text)).toEqual([
      expect.stringMatching(/only work for the organisation/),
    ]);
  });
});
