import { ImpactTally, parseImpactMinutes, type SignInRow } from '../../src/features/impact/sign-in-impact';
import { parseLockoutCodes } from '../../src/domain/sign-in-codes';
import { readImpact } from '../../src/features/impact/read-impact';
import { FakeSignIns } from '../helpers/fakes/fake-sign-ins';

const T0 = Date.parse('2026-12-01T10:00:00Z');
const MIN = 60_000;
let n = 0;
const signIn = (user: string, minute: number, errorCode: number, app = 'Microsoft Teams'): SignInRow => ({
  id: `s${++n}`,
  createdDateTime: new Date(T0 + minute * MIN).toISOString(),
  userId: `${user}-id`,
  userPrincipalName: `${user}@contoso.example`,
  userDisplayName: user,
  appDisplayName: app,
  status: { errorCode },
});
const CODES = [50079, 50072, 53004, 53010, 500121, 53003];
const WINDOW = { from: T0, to: T0 + 60 * MIN, source: 'default' as const };

describe('who counts as blocked', () => {
  it('the latest lockout failure with no later success; failed-then-succeeded is not counted', () => {
    const t = new ImpactTally();
    t.addFailures([
      signIn('nina', 5, 50079),
      signIn('nina', 25, 50079, 'OfficeHome'),
      signIn('sean', 10, 50079),
      signIn('jose', 30, 53003),
    ]);
    t.addSuccesses([signIn('sean', 40, 0), signIn('jose', 20, 0), signIn('alice', 50, 0)]);
    const r = t.result();
    expect(r.blocked.map((u) => [u.name, u.code, u.attempts, u.app])).toEqual([
      ['jose', 53003, 1, 'Microsoft Teams'],
      ['nina', 50079, 2, 'OfficeHome'],
    ]);
    expect(r.recovered).toBe(1);
    expect(r.attempts).toBe(3);
    expect(r.byMeaning).toEqual([
      ['ca-blocked', 1],
      ['register', 1],
    ]);
    expect(r.topApps).toEqual([
      ['Microsoft Teams', 2],
      ['OfficeHome', 1],
    ]);
  });

  it('a success at the very instant of the failure does not clear it; one a millisecond later does', () => {
    const t = new ImpactTally();
    const fail = signIn('rita', 10, 50072);
    t.addFailures([fail]);
    t.addSuccesses([{ ...signIn('rita', 0, 0), createdDateTime: fail.createdDateTime }]);
    expect(t.result().blocked).toHaveLength(1);
    t.addSuccesses([{ ...signIn('rita', 0, 0), createdDateTime: new Date(Date.parse(fail.createdDateTime) + 1).toISOString() }]);
    expect(t.result().blocked).toHaveLength(0);
  });
});

describe('reading only what is needed', () => {
  it('stops reading successes once they are older than every unexplained failure', async () => {
    const logs = new FakeSignIns(10);
    // Ten people failed at minute 50; the even ones got in later.
    for (let i = 0; i < 10; i++) logs.add(signIn(`p${i}`, 50, 50079));
    for (let i = 0; i < 10; i += 2) logs.add(signIn(`p${i}`, 55, 0));
    // Three pages of successes after the failures, then 20 pages of older ones nobody needs.
    for (let i = 0; i < 25; i++) logs.add(signIn(`u${i}`, 51 + (i % 9), 0));
    for (let i = 0; i < 200; i++) logs.add(signIn(`old${i}`, 1 + (i % 40), 0));
    const read = await readImpact(logs, WINDOW, CODES);
    expect(read.result.blocked.map((u) => u.name).sort()).toEqual(['p1', 'p3', 'p5', 'p7', 'p9']);
    // One request per code, then the success pages back to minute 50.
    expect(read.requests).toBeLessThanOrEqual(CODES.length + 4);
    expect(read.perUser).toBe(false);
  });

  it('asks about each remaining person when the success log would take more pages than there are people', async () => {
    const logs = new FakeSignIns(10);
    logs.add(signIn('nina', 1, 50079), signIn('sean', 2, 50079), signIn('sean', 30, 0));
    for (let i = 0; i < 500; i++) logs.add(signIn(`busy${i}`, 3 + (i % 55), 0));
    const read = await readImpact(logs, WINDOW, CODES);
    expect(read.result.blocked.map((u) => u.name)).toEqual(['nina']);
    expect(read.perUser).toBe(true);
    expect(read.requests).toBeLessThan(CODES.length + 10);
    const perUser = logs.queries.filter((q) => q.userId);
    expect(perUser.every((q) => q.top === 1 && q.errorCode === 0)).toBe(true);
  });

  it('reads no successes at all when nobody failed', async () => {
    const logs = new FakeSignIns().add(signIn('alice', 5, 0));
    const read = await readImpact(logs, WINDOW, CODES);
    expect(read.result.blocked).toEqual([]);
    expect(logs.queries.filter((q) => q.errorCode === 0)).toEqual([]);
  });
});

describe('arguments and configuration', () => {
  it('impact windows are whole minutes from 1 to 24 hours', () => {
    expect(parseImpactMinutes('')).toEqual({});
    expect(parseImpactMinutes(' 90 ')).toEqual({ minutes: 90 });
    expect(parseImpactMinutes('1440')).toEqual({ minutes: 1440 });
    expect(parseImpactMinutes('0')).toEqual({ error: 'out-of-range' });
    expect(parseImpactMinutes('1441')).toEqual({ error: 'out-of-range' });
    for (const bad of ['-5', '1.5', 'ten', '60 minutes', '1e3']) expect(parseImpactMinutes(bad)).toEqual({ error: 'not-a-number' });
  });

  it('LOCKOUT_ERROR_CODES is a list of positive integers', () => {
    expect(parseLockoutCodes('50079, 50072 53004,50079')).toEqual([50079, 50072, 53004]);
    expect(() => parseLockoutCodes('50079,abc')).toThrow();
    expect(() => parseLockoutCodes(' , ')).toThrow();
  });
});
