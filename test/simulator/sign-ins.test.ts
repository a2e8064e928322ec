import {
  AuthenticationHandler,
  Client,
  GraphError,
  HTTPMessageHandler,
  PageIterator,
  type PageCollection,
} from '@microsoft/microsoft-graph-client';
import { createSimulator, type Simulator } from '../../src/simulator/create-simulator';
import { CONTOSO } from '../../src/simulator/seed/contoso';

// The Graph client uses Node's global fetch, so run with NODE_EXTRA_CA_CERTS=<tlsDir>/cert.pem (npm test does).
const tlsDir = process.env.SIMULATOR_TLS_DIR ?? 'test/.tls';
const MIN = 60_000;
const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
const U = CONTOSO.users;

interface SignIn {
  id: string;
  createdDateTime: string;
  userId: string;
  userPrincipalName: string;
  conditionalAccessStatus: string;
  status: { errorCode: number; failureReason: string; additionalDetails: string | null };
  [key: string]: unknown;
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (e: unknown) => e as GraphError,
  );

describe('simulator sign-in log: GET /auditLogs/signIns', () => {
  let sim: Simulator;
  let client: Client;
  let clock = Date.parse('2026-12-01T10:00:00Z');
  const start = clock;

  const list = async (filter?: string, top?: number): Promise<PageCollection> => {
    let request = client.api('/auditLogs/signIns');
    if (filter) request = request.filter(filter);
    if (top) request = request.top(top);
    return (await request.get()) as PageCollection;
  };
  const all = async (filter: string): Promise<SignIn[]> => {
    const out: SignIn[] = [];
    await new PageIterator(client, await list(filter), (s: SignIn) => {
      out.push(s);
      return true;
    }).iterate();
    return out;
  };
  const ofUser = (id: string, from: number) => all(`userId eq '${id}' and createdDateTime ge ${iso(from)}`);
  const codes = (entries: SignIn[]) => entries.map((s) => s.status.errorCode);

  beforeAll(async () => {
    sim = await createSimulator({ tlsDir, throttle: false, now: () => clock });
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
    sim.tenant.setPageSize('signIns', 1000);
  });

  it("renders each entry in Graph's v1.0 signIn shape", async () => {
    const page = await list(undefined, 5);
    expect(page['@odata.context']).toBe(`${sim.baseUrl}/$metadata#auditLogs/signIns`);
    expect(page['@odata.nextLink']).toMatch(new RegExp(`^${sim.baseUrl}/auditLogs/signIns\\?\\$skiptoken=`));
    expect(page.value).toHaveLength(5);
    const entry = page.value[0] as SignIn;
    expect(Object.keys(entry)).toEqual([
      'id',
      'createdDateTime',
      'userDisplayName',
      'userPrincipalName',
      'userId',
      'appId',
      'appDisplayName',
      'ipAddress',
      'clientAppUsed',
      'correlationId',
      'conditionalAccessStatus',
      'isInteractive',
      'riskDetail',
      'riskLevelAggregated',
      'riskLevelDuringSignIn',
      'riskState',
      'riskEventTypes',
      'riskEventTypes_v2',
      'resourceDisplayName',
      'resourceId',
      'status',
      'deviceDetail',
      'location',
      'appliedConditionalAccessPolicies',
    ]);
    const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(entry.id).toMatch(guid);
    expect(entry.correlationId).toMatch(guid);
    expect(entry.createdDateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(entry.isInteractive).toBe(true);
    expect(['success', 'failure', 'notApplied']).toContain(entry.conditionalAccessStatus);
    expect(entry.status).toEqual({
      errorCode: expect.any(Number),
      failureReason: expect.any(String),
      additionalDetails: expect.anything(),
    });
    expect(entry.deviceDetail).toMatchObject({ operatingSystem: expect.any(String), browser: expect.any(String), isCompliant: false });
    expect(entry.location).toMatchObject({ city: expect.any(String), countryOrRegion: expect.any(String) });
    const policies = entry.appliedConditionalAccessPolicies as { displayName: string; result: string; enforcedGrantControls: string[] }[];
    const mfa = policies.find((p) => p.displayName === 'Require MFA for all users');
    expect(mfa).toMatchObject({ id: expect.any(String), enforcedSessionControls: [] });
    expect(['success', 'failure', 'notApplied']).toContain(mfa?.result);
    const apps = new Set((await list(`createdDateTime ge ${iso(clock - 60 * MIN)}`)).value.map((s: SignIn) => s.appDisplayName));
    expect([...apps].sort()).toEqual([
      'Microsoft Authenticator App',
      'Microsoft Teams',
      'My Signins',
      'Office 365 Exchange Online',
      'OfficeHome',
    ]);
  });

  it('pages newest first with small pages, no duplicates or gaps, stable while time passes', async () => {
    sim.tenant.setPageSize('signIns', 97);
    const from = clock - 45 * MIN;
    const expected = sim.signIns.between(from, clock).map((s) => s.id);
    expect(expected.length).toBeGreaterThan(500);
    let page = await list(`createdDateTime ge ${iso(from)}`);
    const ids: string[] = [];
    const times: number[] = [];
    for (;;) {
      expect(page.value.length).toBeLessThanOrEqual(97);
      for (const s of page.value as SignIn[]) {
        ids.push(s.id);
        times.push(Date.parse(s.createdDateTime));
      }
      if (!page['@odata.nextLink']) break;
      clock += 20_000; // new sign-ins arrive while the client pages; the pages don't move
      page = (await client.api(page['@odata.nextLink']).get()) as PageCollection;
    }
    expect(ids).toEqual(expected);
    expect(new Set(ids).size).toBe(ids.length);
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('honours $top within 1..1000 and rejects other query options and values with a 400', async () => {
    expect((await list(undefined, 3)).value).toHaveLength(3);
    for (const q of ['$top=0', '$top=1001', '$select=id', '$orderby=createdDateTime', '$count=true', '$search=nina', '$expand=x']) {
      const err = await failure(client.api(`/auditLogs/signIns?${q}`).get());
      expect(err).toBeInstanceOf(GraphError);
      expect([q, err.statusCode]).toEqual([q, 400]);
      expect(err.code).toMatch(/^(BadRequest|Request_UnsupportedQuery)$/);
    }
    const or = await failure(list(`status/errorCode eq 0 or status/errorCode eq 50079`));
    expect([or.statusCode, or.code]).toEqual([400, 'BadRequest']);
    expect(or.message).toMatch(/Invalid filter clause/);
    const notFiltered = await failure(list(`startswith(userId,'c0de')`));
    expect(notFiltered.statusCode).toBe(400);
    const unknown = await failure(list(`nonsense eq 1`));
    expect(unknown.message).toMatch(/Invalid filter clause/);
    const badToken = await failure(client.api('/auditLogs/signIns?$skiptoken=nope').get());
    expect(badToken.statusCode).toBe(400);
  });

  it('filters by time window, error code, user and sign-in name prefix, combined with and', async () => {
    const from = clock - 30 * MIN;
    const to = clock - 10 * MIN;
    const window = await all(`createdDateTime ge ${iso(from)} and createdDateTime le ${iso(to)}`);
    expect(window.length).toBeGreaterThan(100);
    expect(window.every((s) => Date.parse(s.createdDateTime) >= from && Date.parse(s.createdDateTime) <= to)).toBe(true);
    expect(window.map((s) => s.id)).toEqual(sim.signIns.between(from, to).map((s) => s.id));

    const ok = await all(`createdDateTime ge ${iso(from)} and createdDateTime le ${iso(to)} and status/errorCode eq 0`);
    expect(ok.map((s) => s.id)).toEqual(window.filter((s) => s.status.errorCode === 0).map((s) => s.id));
    const failed = await all(`createdDateTime ge ${iso(from)} and createdDateTime le ${iso(to)} and status/errorCode ne 0`);
    expect(ok.length + failed.length).toBe(window.length);

    const nina = await ofUser(U.nina.id, clock - 60 * MIN);
    expect(nina.length).toBeGreaterThan(0);
    expect(nina.every((s) => s.userId === U.nina.id && s.userPrincipalName === U.nina.upn)).toBe(true);
    const byName = await all(`startswith(userPrincipalName,'nina') and createdDateTime ge ${iso(clock - 60 * MIN)}`);
    expect(byName.map((s) => s.id)).toEqual(nina.map((s) => s.id));
    const byUpn = await all(`userPrincipalName eq '${U.nina.upn}' and createdDateTime ge ${iso(clock - 60 * MIN)}`);
    expect(byUpn.map((s) => s.id)).toEqual(nina.map((s) => s.id));
    expect(await all(`userId eq '00000000-0000-4000-8000-000000000000'`)).toEqual([]);
  });

  it('is deterministic: the same query answers the same entries', async () => {
    const filter = `createdDateTime ge ${iso(clock - 20 * MIN)} and createdDateTime le ${iso(clock - 5 * MIN)}`;
    const first = await all(filter);
    const second = await all(filter);
    expect(second).toEqual(first);
  });

  it('GET /auditLogs/signIns/{id} returns one entry, 404 Request_ResourceNotFound for an unknown id', async () => {
    const [entry] = (await list(undefined, 1)).value as SignIn[];
    const one = await client.api(`/auditLogs/signIns/${entry.id}`).get();
    expect(one).toEqual({ '@odata.context': `${sim.baseUrl}/$metadata#auditLogs/signIns/$entity`, ...entry });
    for (const id of ['6a1f0c2e-1111-4abc-8def-0123456789ab', 'not-a-guid']) {
      const err = await failure(client.api(`/auditLogs/signIns/${id}`).get());
      expect([err.statusCode, err.code]).toEqual([404, 'Request_ResourceNotFound']);
    }
  });

  it('answers 403 like a tenant without Entra ID P1 when that fault is injected', async () => {
    sim.faults.add({
      path: /^\/auditLogs\/signIns/,
      status: 403,
      code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
      message: "Neither tenant is B2C or tenant doesn't have premium license",
      times: 1,
    });
    const err = await failure(list());
    expect([err.statusCode, err.code]).toEqual([403, 'Authentication_RequestFromNonPremiumTenantOrB2CTenant']);
    expect((await list(undefined, 1)).value).toHaveLength(1);
  });

  it('never shows the future; freeze stops new entries until unfreeze; the ingestion lag holds entries back', async () => {
    const from = clock - 10 * MIN;
    const newest = Date.parse(((await list(undefined, 1)).value[0] as SignIn).createdDateTime);
    expect(newest).toBeLessThanOrEqual(clock);
    sim.signIns.freeze();
    const frozen = (await all(`createdDateTime ge ${iso(from)}`)).length;
    clock += 3 * MIN;
    expect((await all(`createdDateTime ge ${iso(from)}`)).length).toBe(frozen);
    expect(sim.signIns.between(from, clock)).toHaveLength(frozen);
    sim.signIns.unfreeze();
    expect((await all(`createdDateTime ge ${iso(from)}`)).length).toBeGreaterThan(frozen);

    // The same over the control plane, for drivers out of process.
    const control = (path: string, init?: RequestInit) => fetch(`${sim.url}/_sim/sign-ins${path}`, init).then((r) => r.json());
    const at = clock - MIN;
    expect(await control('/freeze', { method: 'POST', body: JSON.stringify({ at: iso(at) }) })).toEqual({
      frozenAt: new Date(at).toISOString(),
    });
    const listed = await control(`?from=${iso(from)}&to=${iso(clock)}`);
    expect(listed.value.map((s: SignIn) => s.id)).toEqual(sim.signIns.between(from, at).map((s) => s.id));
    expect(listed.value.every((s: SignIn) => Date.parse(s.createdDateTime) <= at)).toBe(true);
    expect(await control('/unfreeze', { method: 'POST' })).toEqual({ frozenAt: null });

    sim.signIns.lagMs = 2 * MIN;
    expect(Date.parse(((await list(undefined, 1)).value[0] as SignIn).createdDateTime)).toBeLessThanOrEqual(clock - 2 * MIN);
    sim.signIns.lagMs = 0;
  });

  it('renders a 1000-entry page of the 2,000-user tenant quickly', () => {
    sim.signIns.between(clock - 60 * MIN, clock); // warm
    const t0 = performance.now();
    const page = sim.signIns.between(clock - 60 * MIN, clock).slice(0, 1000);
    const ms = performance.now() - t0;
    expect(page).toHaveLength(1000);
    expect(ms).toBeLessThan(250); // typically well under 50 ms; loose for shared CI machines
  });

  it('follows the outage: nina 50079 with no success, sean and bob recover at restoringService, successes after resolution', async () => {
    clock += 70 * MIN;
    expect(sim.timeline.advance()!.status).toBe('investigating');
    const outageStart = clock - 12 * MIN;
    clock += 8 * MIN;
    const nina = await ofUser(U.nina.id, outageStart);
    expect(codes(nina)).toContain(50079);
    expect(codes(nina)).not.toContain(0);
    expect(codes(await ofUser(U.ulla.id, outageStart))).toContain(53010);
    expect(codes(await ofUser(U.rita.id, outageStart))).toContain(50072);
    expect(new Set(codes(await ofUser(U.sean.id, outageStart)))).toEqual(new Set([50079]));
    expect(new Set(codes(await ofUser(U.bob.id, outageStart)))).toEqual(new Set([500121]));
    const during = await all(`createdDateTime ge ${iso(outageStart)} and status/errorCode eq 50079`);
    expect(during.length).toBeGreaterThan(20);
    expect(during.every((s) => s.status.errorCode === 50079 && s.conditionalAccessStatus === 'failure')).toBe(true);

    sim.timeline.advance();
    clock += MIN;
    expect(sim.timeline.advance()!.status).toBe('restoringService');
    const restoring = clock;
    clock += 12 * MIN;
    expect(codes(await ofUser(U.sean.id, restoring))).toContain(0);
    expect(codes(await ofUser(U.bob.id, restoring))).toContain(0);
    expect(codes(await ofUser(U.nina.id, outageStart))).not.toContain(0);

    expect(sim.timeline.advance()!.isResolved).toBe(true);
    const resolved = clock;
    clock += 61 * MIN;
    for (const key of ['nina', 'sean', 'bob', 'alice', 'bree', 'gina'] as const) {
      const entries = await ofUser(U[key].id, resolved);
      expect([key, entries[0]?.status.errorCode]).toEqual([key, 0]);
    }
    const bree = await ofUser(U.bree.id, resolved);
    expect(bree[0].conditionalAccessStatus).toBe('notApplied');
    expect(new Set(codes(await ofUser(U.dave.id, resolved)))).toEqual(new Set([50057]));
    expect(new Set(codes(await ofUser(U.jose.id, resolved)))).toEqual(new Set([53003]));
    const outageWindow = sim.signIns.between(outageStart, restoring);
    expect(outageWindow.filter((s) => (s.status as { errorCode: number }).errorCode === 53004).length).toBeGreaterThan(0);
    expect(start).toBeLessThan(outageStart);
  });
});

describe('simulator sign-in log throttling', () => {
  let sim: Simulator;
  const clock = Date.parse('2026-12-01T10:00:00Z');

  beforeAll(async () => {
    sim = await createSimulator({ tlsDir, generatedUsers: 20, throttle: true, now: () => clock });
  });
  afterAll(() => sim.close());

  it('counts /auditLogs/signIns against the identity-reports bucket: 5 requests per 10 s, the 6th 429 with Retry-After', async () => {
    // No RetryHandler: the SDK would retry the 429 itself.
    const auth = new AuthenticationHandler({ getAccessToken: async () => 'app-s' });
    auth.setNext(new HTTPMessageHandler());
    const graph = Client.initWithMiddleware({
      baseUrl: sim.url + '/',
      defaultVersion: 'v1.0',
      customHosts: new Set(['localhost']),
      middleware: auth,
    });
    for (let i = 0; i < 5; i++) await graph.api('/auditLogs/signIns').top(1).get();
    const err = await failure(graph.api('/auditLogs/signIns').top(1).get());
    expect([err.statusCode, err.code]).toEqual([429, 'TooManyRequests']);
    expect(Number(err.headers?.get('Retry-After'))).toBeGreaterThanOrEqual(1);
  });
});
