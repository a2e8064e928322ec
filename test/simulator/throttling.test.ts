import { AuthenticationHandler, Client, GraphError, HTTPMessageHandler } from '@microsoft/microsoft-graph-client';
import { createSimulator, type Simulator } from '../../src/simulator/create-simulator';
import { CONTOSO } from '../../src/simulator/seed/contoso';
import { GRAPH_LIMITS } from '../../src/simulator/throttling/documented-limits';

const tlsDir = process.env.SIMULATOR_TLS_DIR ?? 'test/.tls';
const alice = CONTOSO.users.alice.id;

describe('simulator throttling, as strict as Graph documents it', () => {
  let sim: Simulator;
  let clock = Date.parse('2026-12-01T10:00:00Z');
  // No RetryHandler: the SDK's default chain would retry each 429 itself, and this test wants to see them.
  const clientFor = (token: string) => {
    const auth = new AuthenticationHandler({ getAccessToken: async () => token });
    auth.setNext(new HTTPMessageHandler());
    return Client.initWithMiddleware({
      baseUrl: sim.url + '/',
      defaultVersion: 'v1.0',
      customHosts: new Set(['localhost']),
      middleware: auth,
    });
  };
  const fails = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (e: unknown) => e as GraphError,
    );

  beforeAll(async () => {
    sim = await createSimulator({ tlsDir, generatedUsers: 20, throttle: true, now: () => clock });
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.throttle.reset();
    clock += 3_600_000;
  });

  it('allows 5 identity-report requests per 10 s per app, counting authentication methods, and answers the 6th 429 with Retry-After', async () => {
    const graph = clientFor('app-a');
    await graph.api(`/users/${alice}/authentication/methods`).get();
    await graph.api(`/users/${alice}/authentication/temporaryAccessPassMethods`).get();
    for (let i = 0; i < 3; i++) await graph.api('/reports/authenticationMethods/userRegistrationDetails').get();
    const err = await fails(graph.api(`/reports/authenticationMethods/userRegistrationDetails/${alice}`).get());
    expect(err).toBeInstanceOf(GraphError);
    expect(err!.statusCode).toBe(429);
    expect(err!.code).toBe('TooManyRequests');
    expect(Number(err!.headers?.get('Retry-After'))).toBeGreaterThanOrEqual(1);
    expect(Number(err!.headers?.get('Retry-After'))).toBeLessThanOrEqual(10);
    // Other buckets are not affected, and another app has its own quota.
    await graph.api(`/users/${alice}`).get();
    await clientFor('app-b').api('/reports/authenticationMethods/userRegistrationDetails').get();
    // The window slides: 10 s later there is room again.
    clock += 10_001;
    await graph.api('/reports/authenticationMethods/userRegistrationDetails').get();
  });

  it('counts each $batch item on its own', async () => {
    const res = await clientFor('app-c')
      .api('/$batch')
      .post({
        requests: Array.from({ length: 7 }, (_, i) => ({ id: String(i), method: 'GET', url: `/users/${alice}/authentication/methods` })),
      });
    const statuses = (res.responses as Array<{ status: number }>).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const throttled = (res.responses as Array<{ status: number; headers: Record<string, string> }>).find((r) => r.status === 429)!;
    expect(Number(throttled.headers['Retry-After'])).toBeGreaterThanOrEqual(1);
  });

  it('allows one conditional access read per second per tenant, whatever the app, with no Retry-After', async () => {
    await clientFor('app-d').api('/identity/conditionalAccess/policies').get();
    const err = await fails(clientFor('app-e').api('/identity/conditionalAccess/policies').get());
    expect(err!.statusCode).toBe(429);
    expect(err!.headers?.get('Retry-After')).toBeNull();
    clock += 1_001;
    await clientFor('app-e').api('/identity/conditionalAccess/policies').get();
  });

  it('allows 240 service-communications requests per minute', async () => {
    const graph = clientFor('app-f');
    for (let i = 0; i < 240; i++) await graph.api('/admin/serviceAnnouncement/healthOverviews').get();
    const err = await fails(graph.api('/admin/serviceAnnouncement/issues').get());
    expect(err!.statusCode).toBe(429);
    expect(sim.throttle.toJSON().refused).toEqual({ 'service communications': 1 });
  });

  it('prices directory reads in resource units: 3,500 per 10 s, a $filter-only /users page costing 2', async () => {
    const graph = clientFor('app-h');
    for (let i = 0; i < 1750; i++)
      expect(sim.throttle.admit('GET', '/users', new URLSearchParams('$filter=x'), 'Bearer app-h')).toBeUndefined();
    expect(sim.throttle.admit('GET', '/users', new URLSearchParams('$filter=x'), 'Bearer app-h')?.status).toBe(429);
    const err = await fails(graph.api('/users').get());
    expect(err!.statusCode).toBe(429);
    // $select and a small $top make a read cheaper, never free; writes have their own quota too.
    expect(sim.throttle.admit('GET', '/users', new URLSearchParams('$select=id&$top=5'), 'Bearer app-i')).toBeUndefined();
  });

  it('can be switched off for CPU benchmarks', async () => {
    sim.throttle.enabled = false;
    const graph = clientFor('app-g');
    for (let i = 0; i < 8; i++) await graph.api('/reports/authenticationMethods/userRegistrationDetails').get();
    sim.throttle.enabled = true;
  });

  it('keeps one table of buckets, each citing Microsoft', () => {
    expect(GRAPH_LIMITS.map((l) => l.bucket)).toEqual([
      'identity and access reports',
      'identity protection and conditional access',
      'service communications',
      'Microsoft Teams',
      'identity and access',
    ]);
    for (const l of GRAPH_LIMITS) expect(l.source).toMatch(/^https:\/\/learn\.microsoft\.com\/graph\/throttling-limits#/);
  });
});
