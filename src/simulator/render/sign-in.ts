import { hash32, SIGN_IN_APPS, SIGN_IN_STATUS } from '../seed/seed-sign-ins';
import { blocks, grantControlsOf, isSignInPolicy, requiresMfa } from '../sign-in-scope';
import type { ConditionalAccessPolicy, SimUser } from '../sim-types';

/** One attempt as the log stores it; everything else is derived when it is rendered. */
export interface SignInRecord {
  /** createdDateTime, whole seconds, ms since the epoch. */
  at: number;
  /** Index into the tenant's users. */
  user: number;
  /** Position of the attempt within the user's minute (0–1 the hourly sign-in, 4–6 outage retries). */
  seq: number;
  code: number;
  app: number;
}

export interface RenderContext {
  salt: number;
  user: SimUser;
  mfaRequired: boolean;
  policies: ConditionalAccessPolicy[];
  policiesInScope: Set<string>;
}

const BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/** The low `width` (3, 4 or 8) hex digits of n, by table: ids are rendered by the thousand. */
function hex(n: number, width: 3 | 4 | 8): string {
  const low = BYTE[(n >>> 8) & 255] + BYTE[n & 255];
  if (width === 8) return BYTE[(n >>> 24) & 255] + BYTE[(n >>> 16) & 255] + low;
  return width === 4 ? low : low.slice(1);
}
const CITIES = [
  { city: 'Redmond', state: 'Washington', countryOrRegion: 'US', latitude: 47.674, longitude: -122.121 },
  { city: 'Seattle', state: 'Washington', countryOrRegion: 'US', latitude: 47.606, longitude: -122.332 },
  { city: 'Dublin', state: 'Dublin', countryOrRegion: 'IE', latitude: 53.349, longitude: -6.26 },
  { city: 'London', state: 'England', countryOrRegion: 'GB', latitude: 51.507, longitude: -0.128 },
  { city: 'Toronto', state: 'Ontario', countryOrRegion: 'CA', latitude: 43.653, longitude: -79.383 },
  { city: 'Madrid', state: 'Madrid', countryOrRegion: 'ES', latitude: 40.417, longitude: -3.704 },
];
const SYSTEMS = ['Windows10', 'Windows10', 'MacOs', 'Ios', 'Android'];
const BROWSERS = ['Edge 131.0.2903', 'Chrome 131.0.0', 'Safari 18.1', 'Firefox 133.0'];
const MFA_ERRORS = new Set([50072, 50074, 50079, 53004, 53010, 500121]);

/**
 * A GUID that looks random but encodes (minute, user, seq), so GET /auditLogs/signIns/{id} finds the entry
 * without a table of every id ever rendered.
 */
export function encodeSignInId(salt: number, slot: number, user: number, seq: number): string {
  const mix = hash32(salt, slot, user, seq);
  const low = (((user & 0xff) << 4) | (seq & 0xf)) ^ (mix & 0xfff);
  return [
    hex(slot ^ mix, 8),
    hex(((user >>> 8) & 0xffff) ^ (mix >>> 16), 4),
    `4${hex(low, 3)}`,
    hex(0x8000 | (hash32(mix, 1) & 0x3fff), 4),
    `${hex(mix, 8)}${hex(hash32(mix, 2), 4)}`,
  ].join('-');
}

export function decodeSignInId(salt: number, id: string): { slot: number; user: number; seq: number } | undefined {
  const m = /^([0-9a-f]{8})-([0-9a-f]{4})-4([0-9a-f]{3})-[0-9a-f]{4}-([0-9a-f]{8})[0-9a-f]{4}$/i.exec(id);
  if (!m) return undefined;
  const mix = parseInt(m[4], 16);
  const slot = (parseInt(m[1], 16) ^ mix) >>> 0;
  const low = parseInt(m[3], 16) ^ (mix & 0xfff);
  const user = (((parseInt(m[2], 16) ^ (mix >>> 16)) & 0xffff) << 8) | (low >>> 4);
  const seq = low & 0xf;
  return encodeSignInId(salt, slot, user, seq) === id.toLowerCase() ? { slot, user, seq } : undefined;
}

function guid(a: number, b: number, c: number, d: number): string {
  const h = [hash32(a, b, c, d), hash32(b, c, d, a), hash32(c, d, a, b), hash32(d, a, b, c)];
  return `${hex(h[0], 8)}-${hex(h[1], 4)}-4${hex(h[1] >>> 16, 3)}-${hex(0x8000 | (h[2] & 0x3fff), 4)}-${hex(h[2] >>> 16, 4)}${hex(h[3], 8)}`;
}

function conditionalAccessStatus(code: number, mfaRequired: boolean): 'success' | 'failure' | 'notApplied' {
  if (code === 53003) return 'failure';
  if (code === 0) return mfaRequired ? 'success' : 'notApplied';
  return mfaRequired && MFA_ERRORS.has(code) ? 'failure' : 'notApplied';
}

function appliedPolicies(r: SignInRecord, ctx: RenderContext, caStatus: string) {
  const blocking = ctx.policies.find(blocks);
  return ctx.policies.map((p) => {
    const applies = ctx.policiesInScope.has(p.id);
    let result = 'notApplied';
    if (r.code === 53003 && p === blocking) result = 'failure';
    else if (p.state === 'disabled') result = 'notEnabled';
    else if (p.state === 'enabledForReportingButNotEnforced')
      result = applies && r.code === 0 ? 'reportOnlySuccess' : 'reportOnlyNotApplied';
    else if (applies && !isSignInPolicy(p)) result = r.code === 53010 ? 'failure' : 'notApplied';
    else if (applies && requiresMfa(p)) result = caStatus === 'success' ? 'success' : caStatus === 'failure' ? 'failure' : 'notApplied';
    const enforced = result === 'success' || result === 'failure';
    return {
      id: p.id,
      displayName: p.displayName,
      enforcedGrantControls: enforced ? grantControlsOf(p) : [],
      enforcedSessionControls: [],
      result,
    };
  });
}

/** The v1.0 signIn resource, property for property, in the order Graph prints them. */
export function renderSignIn(r: SignInRecord, ctx: RenderContext): Record<string, unknown> {
  const slot = Math.floor(r.at / 60_000);
  const u = hash32(ctx.salt, r.user, 0x5157);
  const app = SIGN_IN_APPS[r.app];
  const place = CITIES[u % CITIES.length];
  const status = SIGN_IN_STATUS[r.code] ?? { failureReason: 'Other.', additionalDetails: null };
  const caStatus = conditionalAccessStatus(r.code, ctx.mfaRequired);
  const risky = r.code === 53004;
  const risk = risky ? 'medium' : 'none';
  return {
    id: encodeSignInId(ctx.salt, slot, r.user, r.seq),
    createdDateTime: `${new Date(r.at).toISOString().slice(0, 19)}Z`,
    userDisplayName: ctx.user.displayName,
    userPrincipalName: ctx.user.userPrincipalName.toLowerCase(),
    userId: ctx.user.id,
    appId: app.appId,
    appDisplayName: app.appDisplayName,
    ipAddress: `${['203.0.113', '198.51.100', '192.0.2'][u % 3]}.${1 + ((u >>> 8) % 254)}`,
    clientAppUsed: app.clientAppUsed,
    // An interrupt and the success that follows it are one flow (seq 0 and 1).
    correlationId: guid(ctx.salt, slot, r.user, r.seq < 2 ? 0 : r.seq),
    conditionalAccessStatus: caStatus,
    isInteractive: true,
    riskDetail: 'none',
    riskLevelAggregated: risk,
    riskLevelDuringSignIn: risk,
    riskState: risky ? 'atRisk' : 'none',
    riskEventTypes: risky ? ['unfamiliarFeatures'] : [],
    riskEventTypes_v2: risky ? ['unfamiliarFeatures'] : [],
    resourceDisplayName: app.resourceDisplayName,
    resourceId: app.resourceId,
    status: {
      errorCode: r.code,
      failureReason: status.failureReason,
      additionalDetails:
        r.code === 0 && caStatus === 'success' ? 'MFA requirement satisfied by claim in the token' : status.additionalDetails,
    },
    deviceDetail: {
      deviceId: '',
      displayName: '',
      operatingSystem: SYSTEMS[(u >>> 4) % SYSTEMS.length],
      browser: app.clientAppUsed === 'Browser' ? BROWSERS[(u >>> 12) % BROWSERS.length] : 'Rich Client 5.8.0.0',
      isCompliant: false,
      isManaged: false,
      trustType: '',
    },
    location: {
      city: place.city,
      state: place.state,
      countryOrRegion: place.countryOrRegion,
      geoCoordinates: { altitude: null, latitude: place.latitude, longitude: place.longitude },
    },
    appliedConditionalAccessPolicies: appliedPolicies(r, ctx, caStatus),
  };
}
