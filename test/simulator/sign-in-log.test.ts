import { incidentWindows, phaseAt } from '../../src/simulator/incident-phases';
import { decodeSignInId, encodeSignInId } from '../../src/simulator/render/sign-in';
import { buildContoso, CONTOSO } from '../../src/simulator/seed/contoso';
import { makeIssue } from '../../src/simulator/seed/seed-service-health';
import { Tenant } from '../../src/simulator/tenant';
import { Timeline } from '../../src/simulator/timeline';

const MIN = 60_000;
const T0 = Date.parse('2026-12-01T10:00:00Z');
const U = CONTOSO.users;

function tenantAt(clock: { now: number }, generated = 200) {
  return new Tenant(buildContoso(clock.now, generated), () => clock.now);
}
const codesOf = (entries: Record<string, unknown>[], userId: string) =>
  entries.filter((e) => e.userId === userId).map((e) => (e.status as { errorCode: number }).errorCode);

describe('sign-in log (in process)', () => {
  it('computes outage → restoring → healthy from the issue and its recorded status changes', () => {
    const issue = makeIssue(
      { id: 'EN1', service: 'Microsoft Entra', classification: 'incident', startDateTime: new Date(T0).toISOString() },
      new Date(T0).toISOString(),
    );
    const history = [
      { issueId: 'EN1', at: T0 + 5 * MIN, status: 'investigating', isResolved: false },
      { issueId: 'EN1', at: T0 + 20 * MIN, status: 'restoringService', isResolved: false },
      { issueId: 'EN1', at: T0 + 30 * MIN, status: 'serviceRestored', isResolved: true },
    ];
    const windows = incidentWindows([{ ...issue, isResolved: true }], history);
    expect(phaseAt(windows, T0 - 1).phase).toBe('healthy');
    expect(phaseAt(windows, T0).phase).toBe('outage');
    expect(phaseAt(windows, T0 + 20 * MIN)).toEqual({ phase: 'restoring', restoringAt: T0 + 20 * MIN });
    expect(phaseAt(windows, T0 + 30 * MIN).phase).toBe('healthy');
    // An Exchange advisory is not an identity outage.
    expect(incidentWindows([{ ...issue, service: 'Exchange Online' }], history)).toEqual([]);
  });

  it('rewrites cached minutes when an incident opens in the past (startDateTime = now − 12 min)', () => {
    const clock = { now: T0 };
    const tenant = tenantAt(clock);
    const before = tenant.signIns.between(T0 - 11 * MIN, T0);
    expect(codesOf(before, U.nina.id)).not.toContain(50079);
    new Timeline(tenant, CONTOSO.outageIssueId).advance();
    const after = tenant.signIns.between(T0 - 11 * MIN, T0);
    expect(codesOf(after, U.nina.id)).toContain(50079);
    expect(after.length).toBeGreaterThan(before.length);
  });

  it('lets a usable TAP through the outage, and not once it has expired', () => {
    const clock = { now: T0 };
    const tenant = tenantAt(clock);
    new Timeline(tenant, CONTOSO.outageIssueId).advance();
    // Tara's seeded TAP started 20 minutes before T0 and lasts 60: her hourly sign-in in that hour succeeds, with no retries.
    clock.now = T0 + 40 * MIN - 1000;
    expect(codesOf(tenant.signIns.between(T0 - 20 * MIN, clock.now), U.tara.id)).toEqual([0]);
    clock.now = T0 + 75 * MIN;
    expect(codesOf(tenant.signIns.between(T0 + 41 * MIN, clock.now), U.tara.id)).toContain(50079);
  });

  it('gives the same ids in another simulator with the same seed, and finds an entry by id', () => {
    const a = tenantAt({ now: T0 }).signIns.between(T0 - 30 * MIN, T0);
    const other = tenantAt({ now: T0 });
    const b = other.signIns.between(T0 - 30 * MIN, T0);
    expect(b.map((e) => e.id)).toEqual(a.map((e) => e.id));
    const record = other.signIns.find(String(a[7].id));
    expect(record && other.signIns.render(record)).toEqual(a[7]);
    expect(decodeSignInId(1, encodeSignInId(1, 29_000_000, 70_000, 5))).toEqual({ slot: 29_000_000, user: 70_000, seq: 5 });
    expect(decodeSignInId(1, encodeSignInId(2, 29_000_000, 70_000, 5))).toBeUndefined();
  });
});
