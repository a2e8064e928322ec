import { areaOf, Circuits } from '../../src/graph/circuits';

describe('Graph circuits, one per area', () => {
  let now = 0;
  const circuits = () => new Circuits({ now: () => now }, { failuresToOpen: 3, openMs: 10_000, maxOpenMs: 40_000 });
  beforeEach(() => (now = 1_000_000));

  it('sorts paths into areas, nextLinks included', () => {
    expect(areaOf('/users/a%40b/authentication/methods')).toBe('authentication methods');
    expect(areaOf('https://graph.microsoft.com/v1.0/reports/authenticationMethods/userRegistrationDetails?$skiptoken=x')).toBe('reports');
    expect(areaOf('/identity/conditionalAccess/policies')).toBe('policies');
    expect(areaOf('/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/temporaryAccessPass')).toBe('policies');
    expect(areaOf('/admin/serviceAnnouncement/issues')).toBe('service health');
    expect(areaOf('/users/u/teamwork/installedApps')).toBe('teams');
    expect(areaOf('/users/u/checkMemberGroups')).toBe('directory');
  });

  it('opens after repeated failures and fails fast until the cool-down, then lets one probe through', () => {
    const c = circuits();
    c.failed('reports', 'HTTP 503');
    c.failed('reports', 'HTTP 503');
    expect(c.admit('reports')).toBe('go');
    expect(c.states().find((s) => s.area === 'reports')).toMatchObject({ state: 'failing' });
    c.failed('reports', 'no answer');
    expect(c.admit('reports')).toEqual({ openSince: 1_000_000 });
    expect(c.admit('directory')).toBe('go');
    now += 10_000;
    expect(c.admit('reports')).toBe('probe');
    expect(c.admit('reports')).toEqual({ openSince: 1_000_000 });
    c.succeeded('reports');
    expect(c.admit('reports')).toBe('go');
    expect(c.states().find((s) => s.area === 'reports')).toEqual({ area: 'reports', state: 'ok' });
  });

  it('waits longer after each failed probe, up to the maximum', () => {
    const c = circuits();
    for (let i = 0; i < 3; i++) c.failed('directory', 'HTTP 503');
    for (const wait of [20_000, 40_000, 40_000]) {
      now += 40_000;
      expect(c.admit('directory')).toBe('probe');
      c.failed('directory', 'HTTP 503');
      now += wait - 1;
      expect(c.admit('directory')).not.toBe('probe');
      now -= wait - 1;
    }
    expect(c.due()).toEqual([]);
    now += 40_000;
    expect(c.due()).toEqual(['directory']);
  });
});
