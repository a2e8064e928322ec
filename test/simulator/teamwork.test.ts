import { createLogger } from '../../src/logger';
import { GraphFailure } from '../../src/domain/errors';
import { createGraphClient } from '../../src/graph/create-graph-client';
import { GraphDirectory } from '../../src/graph/graph-directory';
import { GraphGateway } from '../../src/graph/graph-gateway';
import { graphBuckets } from '../../src/graph/graph-buckets';
import { RequestBudget } from '../../src/graph/request-budget';
import { GraphTeamsApps } from '../../src/graph/graph-teams-apps';
import { createSimulator, type Simulator } from '../../src/simulator/create-simulator';
import { CONTOSO } from '../../src/simulator/seed/contoso';
import { TLS_DIR } from '../helpers/test-bot';

const U = CONTOSO.users;
const APP = CONTOSO.teamsApp;

/** The Teams endpoints notify uses, through the gateway and the real Graph client, against the simulator. */
describe('simulator: installing the bot for a user and reading its chat', () => {
  let sim: Simulator;
  let gateway: GraphGateway;
  let teams: GraphTeamsApps;
  beforeAll(async () => {
    sim = await createSimulator({ tlsDir: TLS_DIR, generatedUsers: 40 });
    gateway = new GraphGateway(createGraphClient(sim.baseUrl, undefined), createLogger('silent'), {
      budget: new RequestBudget(graphBuckets()),
      maxAttempts: 1,
    });
    teams = new GraphTeamsApps(gateway);
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.faults.clear();
    sim.calls.clear();
  });

  it('installs once and returns the 1:1 chat; asked again, 409 says it is there and the same chat comes back', async () => {
    const chat = await teams.openPersonalChat(U.nina.id, APP.id);
    expect(chat).toBe(`19:${U.nina.id}_${APP.botId}@unq.gbl.spaces`);
    expect(sim.calls.map((c) => `${c.method} ${c.status} ${c.path}${c.query ? `?${decodeURIComponent(c.query)}` : ''}`)).toEqual([
      `POST 201 /users/${U.nina.id}/teamwork/installedApps`,
      `GET 200 /users/${U.nina.id}/teamwork/installedApps?$expand=teamsApp&$filter=teamsApp/id eq '${APP.id}'`,
      `GET 200 /users/${U.nina.id}/teamwork/installedApps/${encodeURIComponent(sim.tenant.installationsOf(sim.tenant.findUser(U.nina.id)!)[0].id)}/chat`,
    ]);
    expect(sim.calls[0].body).toEqual({ 'teamsApp@odata.bind': `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${APP.id}` });
    sim.calls.clear();
    expect(await teams.openPersonalChat(U.nina.id, APP.id)).toBe(chat);
    expect(sim.calls.map((c) => c.status)).toEqual([409, 200, 200]);
    expect(sim.tenant.installationsOf(sim.tenant.findUser(U.nina.id)!)).toHaveLength(1);
  });

  it('answers in Graph shapes: the installation list with its teamsApp, the chat entity, the catalog lookup', async () => {
    await teams.openPersonalChat(U.rita.id, APP.id);
    const list = await gateway.request<{ value: Array<Record<string, unknown>> }>({
      part: 'x',
      path: `/users/${U.rita.id}/teamwork/installedApps`,
      query: { $expand: 'teamsApp' },
    });
    expect(list.value).toEqual([
      {
        id: expect.any(String),
        teamsApp: { id: APP.id, externalId: APP.externalId, displayName: 'mfa-bot', distributionMethod: 'organization' },
      },
    ]);
    const chat = await gateway.request<Record<string, unknown>>({
      part: 'x',
      path: `/users/${U.rita.id}/teamwork/installedApps/${encodeURIComponent(String(list.value[0].id))}/chat`,
    });
    expect(chat).toMatchObject({
      '@odata.context': `${sim.baseUrl}/$metadata#chats/$entity`,
      chatType: 'oneOnOne',
      tenantId: CONTOSO.tenantId,
    });
    const catalog = await gateway.request<{ value: Array<{ id: string }> }>({
      part: 'x',
      path: '/appCatalogs/teamsApps',
      query: { $filter: `externalId eq '${APP.externalId}'` },
    });
    expect(catalog.value.map((a) => a.id)).toEqual([APP.id]);
  });

  it('refuses an app that is not in the catalog (404), an unknown user (404) and a filter it does not know (400)', async () => {
    await expect(teams.openPersonalChat(U.bob.id, 'c0de0000-0000-4000-e000-0000000000ff')).rejects.toMatchObject({ status: 404 });
    await expect(teams.openPersonalChat('c0de0000-0000-4000-8000-0000deadbeef', APP.id)).rejects.toBeInstanceOf(GraphFailure);
    await expect(
      gateway.request({ part: 'x', path: `/users/${U.bob.id}/teamwork/installedApps`, query: { $filter: "teamsApp/displayName eq 'x'" } }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('counts every call in the Teams bucket: 30 per second, whatever the user', async () => {
    const listed = sim.throttle.toJSON().buckets.find((b) => b.bucket === 'Microsoft Teams');
    expect(listed?.windows).toEqual([{ limit: 30, spanMs: 1_000 }]);
    expect(new RequestBudget(graphBuckets()).bucketOf('POST', `/users/${U.bob.id}/teamwork/installedApps`)).toBe('teams');
  });
});

describe('simulator: managers of many users in $batch', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await createSimulator({ tlsDir: TLS_DIR, generatedUsers: 60 });
  });
  afterAll(() => sim.close());

  it('reads each manager once, twenty to a $batch, and leaves out users without one', async () => {
    const directory = new GraphDirectory(new GraphGateway(createGraphClient(sim.baseUrl, undefined), createLogger('silent')));
    const ids = sim.tenant.users.map((u) => u.id);
    sim.calls.clear();
    const managers = await directory.findManagers(ids);
    const batches = sim.calls.filter((c) => c.path === '/$batch');
    expect(batches).toHaveLength(Math.ceil(ids.length / 20));
    expect(sim.calls.filter((c) => c.viaBatch).every((c) => /\/manager$/.test(c.path))).toBe(true);
    for (const u of sim.tenant.users) {
      const manager = u.managerId ? sim.tenant.findUser(u.managerId) : undefined;
      expect(managers.get(u.id.toLowerCase())).toEqual(manager ? { id: manager.id.toLowerCase(), name: manager.displayName } : undefined);
    }
  });
});
