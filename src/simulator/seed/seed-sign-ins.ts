import type { PhaseAt } from '../incident-phases';

/**
 * The rules the simulated sign-in log follows: which apps people sign in to, what each error code says, and
 * how a user's situation (disabled, registered, in scope of an MFA policy, a usable TAP, the incident phase)
 * turns into an outcome. Pure functions of their inputs; the log (sign-in-log.ts) supplies time and state.
 */

export interface SignInApp {
  appId: string;
  appDisplayName: string;
  resourceId: string;
  resourceDisplayName: string;
  clientAppUsed: 'Browser' | 'Mobile Apps and Desktop clients';
  /** Share of attempts, out of 100. */
  weight: number;
}

const GRAPH = { resourceId: '00000003-0000-0000-c000-000000000000', resourceDisplayName: 'Microsoft Graph' };

export const SIGN_IN_APPS: SignInApp[] = [
  {
    appId: '1fec8e78-bce4-4aaf-ab1b-5451cc387264',
    appDisplayName: 'Microsoft Teams',
    resourceId: 'cc15fd57-2c6c-4117-a88c-83b1d56b4bbe',
    resourceDisplayName: 'Microsoft Teams Services',
    clientAppUsed: 'Mobile Apps and Desktop clients',
    weight: 35,
  },
  {
    appId: '00000002-0000-0ff1-ce00-000000000000',
    appDisplayName: 'Office 365 Exchange Online',
    resourceId: '00000002-0000-0ff1-ce00-000000000000',
    resourceDisplayName: 'Office 365 Exchange Online',
    clientAppUsed: 'Mobile Apps and Desktop clients',
    weight: 25,
  },
  {
    appId: '4765445b-32c6-49b0-83e6-1d93765276ca',
    appDisplayName: 'OfficeHome',
    resourceId: '4765445b-32c6-49b0-83e6-1d93765276ca',
    resourceDisplayName: 'OfficeHome',
    clientAppUsed: 'Browser',
    weight: 25,
  },
  { appId: '19db86c3-b2b9-44cc-b339-36da233a3be2', appDisplayName: 'My Signins', ...GRAPH, clientAppUsed: 'Browser', weight: 10 },
  {
    appId: '4813382a-8fa7-425e-ab75-3b753aab3abb',
    appDisplayName: 'Microsoft Authenticator App',
    ...GRAPH,
    clientAppUsed: 'Mobile Apps and Desktop clients',
    weight: 5,
  },
];
const MY_SIGNINS = 3;

/** failureReason per code: the AADSTS reference texts (wave2-facts §1); additionalDetails as the portal shows them. */
export const SIGN_IN_STATUS: Record<number, { failureReason: string; additionalDetails: string | null }> = {
  0: { failureReason: 'Other.', additionalDetails: null },
  50057: { failureReason: 'User account is disabled. The account has been disabled by an administrator.', additionalDetails: null },
  50072: {
    failureReason: 'User needs to enroll for second factor authentication (interactive).',
    additionalDetails: 'The user was asked to register security info before continuing.',
  },
  50074: {
    failureReason: 'Strong Authentication is required.',
    additionalDetails: 'The user did not pass the MFA challenge; a later sign-in usually succeeds.',
  },
  50079: {
    failureReason:
      'Due to a configuration change made by your administrator, or because you moved to a new location, you must enroll in multi-factor authentication to access this resource.',
    additionalDetails: 'MFA is required and the user needs to register security info.',
  },
  50126: {
    failureReason: 'Error validating credentials due to invalid username or password.',
    additionalDetails: "The user didn't enter the right credentials.",
  },
  53003: {
    failureReason: 'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.',
    additionalDetails: null,
  },
  53004: {
    failureReason: 'User needs to complete the multifactor authentication registration process before accessing this content.',
    additionalDetails: 'Registration of security info was blocked because of risk.',
  },
  53010: {
    failureReason:
      'Cannot configure MFA methods because the organization requires this information to be set from specific locations or devices.',
    additionalDetails: null,
  },
  500121: {
    failureReason: 'Authentication failed during strong authentication request.',
    additionalDetails:
      "The user didn't complete the MFA prompt. They may have decided not to authenticate, timed out while doing other work, or has an issue with their authentication setup.",
  },
};

/** A named user's fixed behaviour, so tests and demos can rely on it. */
export type SignInPin = { always: number } | { outage: number; recovers?: boolean };

export interface SignInProfile {
  index: number;
  hash: number;
  disabled: boolean;
  /** In scope of an enabled MFA sign-in policy (includes minus excludes; break-glass is excluded). */
  mfaRequired: boolean;
  /** A strong method registered (guests count: they bring MFA from their home tenant). */
  registered: boolean;
  always?: number;
  /** What their attempts end with while the incident is an outage; undefined = not affected. */
  outageCode?: number;
  recoversAtRestoring: boolean;
  /** ~0.4% of users are occasionally blocked by conditional access (53003). */
  occasionallyBlocked: boolean;
}

export interface ProfileFacts {
  index: number;
  hash: number;
  disabled: boolean;
  guest: boolean;
  registered: boolean;
  mfaRequired: boolean;
  newHire: boolean;
  pin?: SignInPin;
}

/** Users' standing in an identity outage, from their facts (rates per the brief: ~15% 53010, ~5% 53004…). */
export function classify(f: ProfileFacts): SignInProfile {
  const h = f.hash;
  const base = {
    index: f.index,
    hash: h,
    disabled: f.disabled,
    mfaRequired: f.mfaRequired,
    registered: f.registered || f.guest,
    occasionallyBlocked: h % 250 === 7,
  };
  if (f.pin && 'always' in f.pin) return { ...base, always: f.pin.always, recoversAtRestoring: false };
  if (f.pin) return { ...base, outageCode: f.pin.outage, recoversAtRestoring: f.pin.recovers ?? false };
  if (f.disabled || !f.mfaRequired) return { ...base, recoversAtRestoring: false };
  if (!base.registered) {
    const roll = (h >>> 8) % 100;
    const outageCode = f.newHire ? 50079 : roll < 15 ? 53010 : roll < 20 ? 53004 : (h >>> 16) % 2 ? 50079 : 50072;
    return { ...base, outageCode, recoversAtRestoring: (h >>> 4) % 3 === 0 };
  }
  const failsMfa = !f.guest && (h >>> 8) % 100 < 4;
  return { ...base, outageCode: failsMfa ? 500121 : undefined, recoversAtRestoring: failsMfa && (h >>> 20) % 2 === 0 };
}

/**
 * The codes one attempt produces, in order: [50072, 0] is an interrupt followed by a success a few seconds later.
 * `roll` is the attempt's own deterministic random number.
 */
export function attemptCodes(p: SignInProfile, phase: PhaseAt, tapUsable: boolean, roll: number): number[] {
  if (p.always !== undefined) return [p.always];
  if (p.disabled) return [50057];
  if (tapUsable) return [0];
  if (p.outageCode !== undefined && phase.phase === 'outage') return [p.outageCode];
  if (p.outageCode !== undefined && phase.phase === 'restoring') return p.recoversAtRestoring ? [0] : [p.outageCode];
  if (p.occasionallyBlocked && roll % 3 === 0) return [53003];
  if (p.mfaRequired && !p.registered) return [50072, 0];
  const noise = roll % 100;
  if (p.mfaRequired && noise < 2) return [50074, 0];
  if (noise >= 97) return [50126, 0];
  return [0];
}

/** Registration blocks happen where people register (My Sign-Ins); everything else by weight. */
export function appFor(code: number, roll: number): number {
  if (code === 53004 || code === 53010) return MY_SIGNINS;
  let pick = roll % 100;
  for (let i = 0; i < SIGN_IN_APPS.length; i++) {
    pick -= SIGN_IN_APPS[i].weight;
    if (pick < 0) return i;
  }
  return 0;
}

function step(h: number, x: number): number {
  h = Math.imul(h ^ (x | 0), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** A fast deterministic 32-bit hash of up to four integers (murmur3's finaliser per step). */
export function hash32(a: number, b = 0, c = 0, d = 0): number {
  return step(step(step(step(0x9e3779b9, a), b), c), d) >>> 0;
}

export function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
