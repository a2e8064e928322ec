import type { AuthMethod, MethodKind, TemporaryAccessPass } from './directory-types';

const KINDS: Record<string, [MethodKind, string]> = {
  '#microsoft.graph.passwordAuthenticationMethod': ['password', 'Password'],
  '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod': ['authenticator', 'Microsoft Authenticator'],
  '#microsoft.graph.phoneAuthenticationMethod': ['phone', 'Phone'],
  '#microsoft.graph.fido2AuthenticationMethod': ['fido2', 'FIDO2 security key'],
  '#microsoft.graph.windowsHelloForBusinessAuthenticationMethod': ['windowsHello', 'Windows Hello for Business'],
  '#microsoft.graph.emailAuthenticationMethod': ['email', 'Email'],
  '#microsoft.graph.softwareOathAuthenticationMethod': ['softwareOath', 'Software OATH token'],
  '#microsoft.graph.temporaryAccessPassAuthenticationMethod': ['temporaryAccessPass', 'Temporary Access Pass'],
  '#microsoft.graph.platformCredentialAuthenticationMethod': ['platformCredential', 'Platform credential (macOS)'],
  '#microsoft.graph.hardwareOathAuthenticationMethod': ['hardwareOath', 'Hardware OATH token'],
  '#microsoft.graph.x509CertificateAuthenticationMethod': ['certificate', 'Certificate-based authentication'],
  '#microsoft.graph.externalAuthenticationMethod': ['external', 'External authentication method'],
};

/** Methods that satisfy an MFA prompt on their own (password and email don't; a TAP is temporary). */
export const STRONG_KINDS: ReadonlySet<MethodKind> = new Set([
  'authenticator',
  'phone',
  'fido2',
  'windowsHello',
  'softwareOath',
  'hardwareOath',
  'platformCredential',
  'certificate',
  'external',
]);

const PHONE_TYPES: Record<string, string> = { mobile: 'mobile', alternatemobile: 'alternate mobile', office: 'office' };

type RawMethod = Record<string, unknown> & { '@odata.type'?: string; id?: string };

/** Graph's polymorphic method list → named methods plus the TAP, ignoring types this bot doesn't know. */
export function describeMethods(raw: RawMethod[]): { methods: AuthMethod[]; tap?: TemporaryAccessPass } {
  const methods: AuthMethod[] = [];
  let tap: TemporaryAccessPass | undefined;
  for (const m of raw) {
    const known = KINDS[String(m['@odata.type'] ?? '')];
    if (!known) continue;
    const [kind, name] = known;
    if (kind === 'temporaryAccessPass') {
      tap = {
        id: String(m.id ?? ''),
        createdDateTime: str(m.createdDateTime),
        startDateTime: str(m.startDateTime),
        lifetimeInMinutes: Number(m.lifetimeInMinutes ?? 0),
        isUsableOnce: Boolean(m.isUsableOnce),
        isUsable: Boolean(m.isUsable),
        methodUsabilityReason: str(m.methodUsabilityReason),
      };
      continue;
    }
    methods.push({
      kind,
      name: nameFor(kind, name, m),
      detail: detailFor(kind, m),
      createdAt: str(m.createdDateTime ?? m.creationDateTime),
    });
  }
  return { methods, tap };
}

function nameFor(kind: MethodKind, name: string, m: RawMethod): string {
  if (kind === 'phone') {
    const type = PHONE_TYPES[text(m.phoneType).toLowerCase()];
    return type ? `Phone (${type})` : name;
  }
  if (kind === 'fido2' && /passkey|authenticator/i.test(text(m.model))) return 'Passkey';
  return name;
}

function detailFor(kind: MethodKind, m: RawMethod): string | undefined {
  switch (kind) {
    case 'phone':
      return str(m.phoneNumber);
    case 'authenticator':
    case 'windowsHello':
    case 'platformCredential':
      return str(m.displayName);
    case 'fido2':
      return str(m.model ?? m.displayName);
    case 'email':
      return str(m.emailAddress);
    default:
      return undefined;
  }
}

/** Registration-report method codes → the same human names. */
const REPORT_NAMES: Record<string, string> = {
  mobilePhone: 'Phone (mobile)',
  alternateMobilePhone: 'Phone (alternate mobile)',
  officePhone: 'Phone (office)',
  email: 'Email',
  fido2: 'FIDO2 security key',
  microsoftAuthenticatorPush: 'Microsoft Authenticator',
  microsoftAuthenticatorPasswordless: 'Microsoft Authenticator (passwordless)',
  softwareOneTimePasscode: 'Software OATH token',
  hardwareOneTimePasscode: 'Hardware OATH token',
  windowsHelloForBusiness: 'Windows Hello for Business',
  temporaryAccessPass: 'Temporary Access Pass',
  passKeyDeviceBound: 'Passkey (device-bound)',
  passKeyDeviceBoundAuthenticator: 'Passkey in Microsoft Authenticator',
  macOsSecureEnclaveKey: 'Platform credential (macOS)',
  push: 'Microsoft Authenticator notification',
  oath: 'OATH code',
  voiceMobile: 'Voice call (mobile)',
  voiceAlternateMobile: 'Voice call (alternate mobile)',
  voiceOffice: 'Voice call (office)',
  sms: 'Text message (SMS)',
  none: 'None',
};

export function reportMethodName(code: string | null | undefined): string | undefined {
  if (!code) return undefined;
  return REPORT_NAMES[code] ?? code;
}

export function hasStrongMethod(methods: AuthMethod[]): boolean {
  return methods.some((m) => STRONG_KINDS.has(m.kind));
}

/** A TAP the user can sign in with right now. Graph's isUsable is computed server-side; expiry is re-checked locally. */
export function isTapUsable(tap: TemporaryAccessPass | undefined, now: number): boolean {
  if (!tap || !tap.isUsable) return false;
  const end = tapExpiry(tap);
  return end === undefined || end > now;
}

export function tapExpiry(tap: TemporaryAccessPass): number | undefined {
  const start = Date.parse(tap.startDateTime ?? tap.createdDateTime ?? '');
  return Number.isNaN(start) ? undefined : start + tap.lifetimeInMinutes * 60_000;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** A Graph field that should be a string, as one (anything else reads as empty). */
function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
