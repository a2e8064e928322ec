import { Client, GraphError, PageIterator, type PageCollection } from '@microsoft/microsoft-graph-client';
import { createSimulator, type Simulator } from '../../src/simulator/create-simulator';
import { CONTOSO } from '../../src/simulator/seed/contoso';

// The Graph client uses Node's global fetch, so run with NODE_EXTRA_CA_CERTS=<tlsDir>/cert.pem.
const tlsDir = process.env.SIMULATOR_TLS_DIR ?? 'test/.tls';

describe('simulator through the real Graph client', () => {
  let sim: Simulator;
  let client: Client;

  beforeAll(async () => {
    sim = await createSimulator({ tlsDir, generatedUsers: 250 });
    client = Client.initWithMiddleware({
      baseUrl: sim.url + '/',
      defaultVersion: 'v1.0',
      customHosts: new Set(['localhost']),
      authProvider: { getAccessToken: async () => 'test' },
    });
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.faults.clear();
    sim.calls.clear();
  });

  it('pages users with $top via PageIterator and absolute nextLinks', async () => {
    const first: PageCollection = await client.api('/users').select('id,displayName').top(50).get();
    expect(first['@odata.nextLink']).toMatch(new RegExp(`^${sim.baseUrl}/users\\?\\$skiptoken=`));
    const ids: string[] = [];
    await new PageIterator(client, first, (u: { id: string }) => {
      ids.push(u.id);
      return true;
    }).iterate();
    expect(ids).toHaveLength(sim.tenant.users.length);
    expect(new Set(ids).size).toBe(ids.length);
    expect(sim.calls.every((c) => c.hasAuthorization)).toBe(true);
  });

  it('filters with an escaped apostrophe and rejects an unescaped one with a 400 GraphError', async () => {
    const found = await client.api('/users').filter("startswith(displayName,'Seán O''B')").get();
    expect(found.value.map((u: { id: string }) => u.id)).toEqual([CONTOSO.users.sean.id]);

    const err: GraphError = await client
      .api('/users')
      .filter("startswith(displayName,'o'brien')")
      .get()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphError);
    expect(err.statusCode).toBe(400);
    expect(err.code).toBe('BadRequest');
    expect(err.message).toMatch(/Invalid filter clause/);
  });

  it('requires ConsistencyLevel: eventual for advanced queries', async () => {
    const err: GraphError = await client
      .api('/users')
      .filter("userType ne 'Guest'")
      .get()
      .catch((e: unknown) => e);
    expect(err.statusCode).toBe(400);
    expect(err.code).toBe('Request_UnsupportedQuery');
    const ok = await client.api('/users').header('ConsistencyLevel', 'eventual').search('"displayName:alex"').count(true).get();
    expect(ok['@odata.count']).toBe(2);
  });

  it('retries a 429 (Retry-After honoured by the SDK) and then succeeds', async () => {
    sim.faults.add({ path: /^\/users\/[^/]+\/manager$/, status: 429, times: 1, retryAfterSeconds: 1 });
    const manager = await client.api(`/users/${encodeURIComponent(CONTOSO.users.alice.upn)}/manager`).get();
    expect(manager).toMatchObject({ '@odata.type': '#microsoft.graph.user', id: CONTOSO.users.maria.id });
    expect(sim.calls.map((c) => c.status)).toEqual([429, 200]);
  });

  it('answers 404 Request_ResourceNotFound for a missing manager and unknown user', async () => {
    const noManager: GraphError = await client
      .api(`/users/${CONTOSO.users.carlos.id}/manager`)
      .get()
      .catch((e: unknown) => e);
    expect(noManager.statusCode).toBe(404);
    expect(noManager.code).toBe('Request_ResourceNotFound');
    const unknown: GraphError = await client
      .api('/users/nobody@contoso.example')
      .get()
      .catch((e: unknown) => e);
    expect(unknown.message).toBe(
      "Resource 'nobody@contoso.example' does not exist or one of its queried reference-property objects are not present.",
    );
  });

  it('runs $batch items through the router with per-item faults and dependsOn', async () => {
    sim.faults.add({ path: `/users/${CONTOSO.users.bob.id}`, status: 429, times: 1, retryAfterSeconds: 7 });
    const res = await client.api('/$batch').post({
      requests: [
        { id: '1', method: 'GET', url: `/users/${CONTOSO.users.alice.id}?$select=id,displayName` },
        { id: '2', method: 'GET', url: `/users/${CONTOSO.users.bob.id}` },
        { id: '3', method: 'GET', url: `/users/${CONTOSO.users.bob.id}/manager`, dependsOn: ['2'] },
        { id: '4', method: 'GET', url: `/users/${CONTOSO.users.alice.id}/authentication/methods` },
      ],
    });
    const byId = Object.fromEntries(res.responses.map((r: { id: string }) => [r.id, r]));
    expect(byId['1']).toMatchObject({ status: 200, body: { displayName: 'Alice Anders' } });
    expect(byId['2']).toMatchObject({ status: 429, headers: { 'Retry-After': '7' }, body: { error: { code: 'TooManyRequests' } } });
    expect(byId['3'].status).toBe(424);
    expect(byId['4'].body.value.map((m: { '@odata.type': string }) => m['@odata.type'])).toEqual([
      '#microsoft.graph.passwordAuthenticationMethod',
      '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod',
      '#microsoft.graph.phoneAuthenticationMethod',
    ]);
    expect(sim.calls.filter((c) => c.viaBatch)).toHaveLength(3);

    const tooMany = { requests: Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: '/users' })) };
    await expect(client.api('/$batch').post(tooMany)).rejects.toMatchObject({ statusCode: 400 });
  });

  it('creates a TAP (code only in the 201 response), replaces it, enforces the policy range and deletes it', async () => {
    const base = `/users/${CONTOSO.users.bob.id}/authentication/temporaryAccessPassMethods`;
    const created = await client.api(base).post({ lifetimeInMinutes: 60, isUsableOnce: true });
    expect(created.temporaryAccessPass).toMatch(/^.{8}$/);
    expect(created).toMatchObject({ isUsable: true, methodUsabilityReason: 'EnabledByPolicy', lifetimeInMinutes: 60 });
    const second = await client.api(base).post({});
    const list = await client.api(base).get();
    expect(list.value).toHaveLength(1);
    expect(list.value[0]).toMatchObject({ id: second.id, temporaryAccessPass: null });

    const bad: GraphError = await client
      .api(base)
      .post({ lifetimeInMinutes: 5 })
      .catch((e: unknown) => e);
    expect(bad.statusCode).toBe(400);
    expect(bad.message).toBe('Invalid LifetimeInMinutes specified. The valid range between 60 and 480.');

    await client.api(`${base}/${second.id}`).delete();
    expect((await client.api(base).get()).value).toHaveLength(0);
  });

  it('filters the registration report and replays the outage timeline', async () => {
    const report = await client
      .api('/reports/authenticationMethods/userRegistrationDetails')
      .filter("methodsRegistered/any(m:m eq 'fido2') and startswith(userPrincipalName,'maria')")
      .get();
    expect(report.value).toEqual([
      expect.objectContaining({ id: CONTOSO.users.maria.id, isMfaRegistered: true, isPasswordlessCapable: true }),
    ]);

    expect(sim.tenant.findIssue(CONTOSO.outageIssueId)).toBeUndefined();
    sim.timeline.advance();
    const open = await client.api('/admin/serviceAnnouncement/issues').filter("service eq 'Microsoft Entra' and isResolved eq false").get();
    expect(open.value).toEqual([
      expect.objectContaining({ id: CONTOSO.outageIssueId, status: 'investigating', classification: 'incident' }),
    ]);
    while (!sim.timeline.done) sim.timeline.advance();
    const done = await client.api(`/admin/serviceAnnouncement/issues/${CONTOSO.outageIssueId}`).get();
    expect(done).toMatchObject({ isResolved: true, status: 'postIncidentReviewPublished' });
    expect(done.posts).toHaveLength(5);
  });

  it('goes down with 503 ServiceUnavailable and comes back', async () => {
    sim.faults.down();
    const res = await fetch(`${sim.baseUrl}/users`, { headers: { Authorization: 'Bearer x' } });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBeTruthy();
    expect(res.headers.get('request-id')).toBeTruthy();
    expect((await res.json()).error.code).toBe('ServiceUnavailable');
    sim.faults.up();
    const control = await fetch(`${sim.url}/_sim/timeline`);
    expect((await control.json()).done).toBe(true);
  });
});
