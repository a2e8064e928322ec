import { createLogger } from '../../src/logger';
import { GraphAuthMethods } from '../../src/graph/graph-auth-methods';
import { GraphConditionalAccess } from '../../src/graph/graph-conditional-access';
import { GraphFailure } from '../../src/domain/errors';
import { createGraphClient } from '../../src/graph/create-graph-client';
import { GraphDirectory } from '../../src/graph/graph-directory';
import { GraphGateway } from '../../src/graph/graph-gateway';
import { GraphRegistrationReport } from '../../src/graph/graph-registration-report';
import { GraphServiceHealth } from '../../src/graph/graph-service-health';
import type { AuthMethods } from '../../src/ports/auth-methods';
import type { ConditionalAccess } from '../../src/ports/conditional-access';
import type { Directory } from '../../src/ports/directory';
import type { RegistrationReport } from '../../src/ports/registration-report';
import type { ServiceHealth } from '../../src/ports/service-health';
import { createSimulator, type Simulator } from '../../src/simulator/create-simulator';
import { CONTOSO } from '../../src/simulator/seed/contoso';
import { DAY_MS, FakeConditionalAccess, FIXED_NOW, type FakeServices } from '../helpers/fakes';
import { TLS_DIR } from '../helpers/test-bot';
import { fakesFromTenant } from './fakes-from-tenant';

interface Ports {
  directory: Directory;
  authMethods: AuthMethods;
  registrationReport: RegistrationReport;
  conditionalAccess: ConditionalAccess;
  serviceHealth: ServiceHealth;
}

const U = CONTOSO.users;
const G = CONTOSO.groups;
const NAMED = Object.values(U).map((u) => u.id);
const UNKNOWN = 'c0de0000-0000-4000-8000-0000deadbeef';
const sorted = (xs: Iterable<string>) => [...xs].sort();

/** Graph's OData annotations (@odata.context, @odata.type) ride along on what it returns; they are no answer. */
function withoutAnnotations<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutAnnotations) as T;
  if (!value || typeof value !== 'object' || value instanceof Set || value instanceof Map) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !k.startsWith('@odata.'))) as T;
}

/**
 * The fakes answer as the real ports do: the Contoso tenant is copied into the fakes, and every question is
 * asked of both the Graph-backed ports (through the gateway and the simulator over HTTPS) and the fakes.
 */
describe('Graph ports: the in-memory fakes answer as Graph does', () => {
  let sim: Simulator;
  let real: Ports;
  let fake: FakeServices;
  let gateway: GraphGateway;
  beforeAll(async () => {
    // This suite compares answers, not pacing (which test/integration/graph-budget.test.ts covers), and the
    // simulator's clock stands still here, so its sliding windows would never open again: throttling off.
    sim = await createSimulator({ tlsDir: TLS_DIR, generatedUsers: 40, now: () => FIXED_NOW, throttle: false });
    // One attempt per call: retrying is the gateway's business, not a port's semantics.
    gateway = new GraphGateway(createGraphClient(sim.baseUrl, undefined), createLogger('silent'), { maxAttempts: 1 });
    real = {
      directory: new GraphDirectory(gateway),
      authMethods: new GraphAuthMethods(gateway),
      registrationReport: new GraphRegistrationReport(gateway),
      conditionalAccess: new GraphConditionalAccess(gateway, 0, { now: () => FIXED_NOW }),
      serviceHealth: new GraphServiceHealth(gateway, { now: () => FIXED_NOW }, 0),
    };
    fake = fakesFromTenant(sim.tenant);
  });
  afterAll(() => sim.close());
  afterEach(() => sim.faults.clear());

  /** The same call on both sides, compared after `view`. */
  async function same<T, V>(call: (p: Ports) => Promise<T>, view: (t: T) => V = (t) => t as unknown as V): Promise<V> {
    const [fromGraph, fromFake] = await Promise.all([call(real).then(withoutAnnotations).then(view), call(fake).then(view)]);
    expect(fromFake).toEqual(fromGraph);
    return fromGraph;
  }

  describe('Directory', () => {
    it.each(['alice', 'AL', 'alex', "O'Brien", 'Zoë', 'nina newhire', 'BOB@contoso.example', U.gina.upn, U.alice.id, UNKNOWN, 'nobody'])(
      'findUsers(%p) finds the same people',
      async (term) => {
        await same(
          (p) => p.directory.findUsers(term, 11),
          (users) => sorted(users.map((u) => u.id)),
        );
      },
    );

    it('findUsers and getUser return the same fields', async () => {
      await same((p) => p.directory.findUsers('alice'));
      await same((p) => p.directory.getUser(U.alice.upn.toUpperCase()));
      expect(await same((p) => p.directory.getUser(UNKNOWN))).toBeUndefined();
    });

    it('getManager: the same manager (and its fields), undefined for nobody', async () => {
      for (const id of NAMED) await same((p) => p.directory.getManager(id, 'them'));
      expect(await same((p) => p.directory.getManager(U.carlos.id, 'Carlos'))).toBeUndefined();
    });

    it('getMembership and checkMemberGroups: transitive groups and roles', async () => {
      const groups = Object.values(G);
      for (const id of NAMED) {
        await same(
          (p) => p.directory.getMembership(id, 'them'),
          (m) => ({ groups: sorted(m.groupIds), roles: sorted(m.roleTemplateIds) }),
        );
        await same((p) => p.directory.checkMemberGroups(id, groups), sorted);
      }
    });

    it('getMembershipNames names every group and role by the id policies use', async () => {
      for (const id of [U.hank.id, U.bree.id, U.adam.id, U.alice.id]) {
        const [fromGraph, fromFake] = await Promise.all([real.directory.getMembershipNames(id), fake.directory.getMembershipNames(id)]);
        // Graph also keys a role by its object id, which no policy uses.
        expect([...fromFake]).toEqual([...fromGraph].filter(([key]) => fromFake.has(key)));
        const { groupIds, roleTemplateIds } = await real.directory.getMembership(id, 'them');
        expect(sorted(fromFake.keys())).toEqual(sorted([...groupIds, ...roleTemplateIds]));
      }
    });

    it('listGroupUsers: the approver group, nested members and disabled accounts included', async () => {
      await same(
        (p) => p.directory.listGroupUsers(G.approvers),
        (users) => users.map((u) => ({ ...u })).sort((a, b) => a.id.localeCompare(b.id)),
      );
    });

    it('the scan reads: new hires, disabled accounts, users below groups and roles, none for unknown ones', async () => {
      await same((p) => p.directory.findUserIdsCreatedSince(new Date(FIXED_NOW - 14 * DAY_MS).toISOString()), sorted);
      await same((p) => p.directory.findDisabledUserIds(), sorted);
      for (const g of [...Object.values(G), UNKNOWN]) await same((p) => p.directory.findUserIdsInGroup(g), sorted);
      const templates = Object.values(CONTOSO.roles).map((r) => r.roleTemplateId);
      for (const r of [...templates, UNKNOWN]) await same((p) => p.directory.findUserIdsWithRole(r), sorted);
    });
  });

  describe('AuthMethods', () => {
    it('listMethods: the same kinds of method, and the same pass', async () => {
      for (const id of NAMED)
        await same(
          (p) => p.authMethods.listMethods(id, 'them'),
          ({ methods, tap }) => ({ kinds: sorted(methods.map((m) => m.kind)), tap: tap?.id }),
        );
    });

    it('getTap, findUsableTapHolders and the policy', async () => {
      for (const id of NAMED) await same((p) => p.authMethods.getTap(id, 'them'));
      await same((p) => p.authMethods.findUsableTapHolders([...NAMED, UNKNOWN], FIXED_NOW), sorted);
      await same((p) => p.authMethods.getTapPolicy());
    });
  });

  describe('RegistrationReport', () => {
    it('getRegistration: the same row, undefined when the report has none', async () => {
      for (const id of NAMED)
        await same(
          (p) => p.registrationReport.getRegistration(id, 'them'),
          (r) => r && { isAdmin: r.isAdmin, isMfaRegistered: r.isMfaRegistered, methodsRegistered: r.methodsRegistered },
        );
      expect(await same((p) => p.registrationReport.getRegistration(UNKNOWN, 'nobody'))).toBeUndefined();
    });

    it('readPages: every row once, in the same order', async () => {
      const ids = async (p: Ports) => {
        const out: string[] = [];
        for await (const page of p.registrationReport.readPages()) out.push(...page.map((r) => r.id));
        return out;
      };
      expect(await same(ids)).toHaveLength(sim.tenant.users.length);
    });
  });

  describe('ConditionalAccess', () => {
    it('the same policies', async () => {
      await same((p) => p.conditionalAccess.listPolicies());
    });

    it('once read, a failing Graph is answered with the copy; never read, it is the same GraphFailure', async () => {
      const policies = await real.conditionalAccess.listPolicies();
      await fake.conditionalAccess.listPolicies();
      sim.faults.add({ path: /conditionalAccess/, status: 503 });
      fake.conditionalAccess.fail('listPolicies', 503);
      expect(await fake.conditionalAccess.listPolicies()).toEqual(await real.conditionalAccess.listPolicies());
      expect(await fake.conditionalAccess.listPolicies()).toEqual(policies);

      const fresh = new FakeConditionalAccess();
      fresh.fail('listPolicies', 503);
      const [fromGraph, fromFake] = await Promise.all([
        new GraphConditionalAccess(gateway, 0).listPolicies().catch((e: unknown) => e),
        fresh.listPolicies().catch((e: unknown) => e),
      ]);
      expect(fromGraph).toBeInstanceOf(GraphFailure);
      expect(fromFake).toBeInstanceOf(GraphFailure);
      const facts = (e: GraphFailure) => ({ code: e.code, status: e.status, sentence: e.userMessage });
      expect(facts(fromFake as GraphFailure)).toEqual(facts(fromGraph as GraphFailure));
      fake.conditionalAccess.heal('listPolicies');
    });
  });

  it('ServiceHealth: the same issues open, changed since, or either', async () => {
    const ids = (issues: { id: string }[]) => sorted(issues.map((i) => i.id));
    await same((p) => p.serviceHealth.listOpenIssues(), ids);
    for (const daysAgo of [0, 1, 3, 7, 30]) {
      const since = new Date(FIXED_NOW - daysAgo * DAY_MS).toISOString();
      await same((p) => p.serviceHealth.listIssuesChangedSince(since), ids);
      await same((p) => p.serviceHealth.listOpenOrChangedSince(since), ids);
    }
  });
});
