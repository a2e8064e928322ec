import type { AuthMethod, TapPolicy } from '../sim-types';

const ODATA_TYPES: Record<AuthMethod['kind'], string> = {
  password: 'passwordAuthenticationMethod',
  phone: 'phoneAuthenticationMethod',
  microsoftAuthenticator: 'microsoftAuthenticatorAuthenticationMethod',
  fido2: 'fido2AuthenticationMethod',
  windowsHelloForBusiness: 'windowsHelloForBusinessAuthenticationMethod',
  email: 'emailAuthenticationMethod',
  softwareOath: 'softwareOathAuthenticationMethod',
  temporaryAccessPass: 'temporaryAccessPassAuthenticationMethod',
};

/** isUsable / methodUsabilityReason are derived from the clock, so a TAP expires on its own. */
export function tapUsability(m: AuthMethod, now: number, policy: TapPolicy): { isUsable: boolean; methodUsabilityReason: string } {
  if (policy.state !== 'enabled') return { isUsable: false, methodUsabilityReason: 'DisabledByPolicy' };
  const start = Date.parse(m.startDateTime ?? m.createdDateTime);
  if (now < start) return { isUsable: false, methodUsabilityReason: 'NotYetValid' };
  if (now >= start + (m.lifetimeInMinutes ?? 0) * 60_000) return { isUsable: false, methodUsabilityReason: 'Expired' };
  return { isUsable: true, methodUsabilityReason: 'EnabledByPolicy' };
}

/** Graph JSON per method type (fields per the v1.0 resource docs). `revealCode` only for the POST response. */
export function renderMethod(m: AuthMethod, now: number, policy: TapPolicy, revealCode = false): Record<string, unknown> {
  const head = { '@odata.type': `#microsoft.graph.${ODATA_TYPES[m.kind]}`, id: m.id };
  switch (m.kind) {
    case 'password':
      return { ...head, password: null, createdDateTime: m.createdDateTime };
    case 'phone':
      return { ...head, phoneNumber: m.phoneNumber, phoneType: m.phoneType, smsSignInState: 'notAllowedByPolicy' };
    case 'microsoftAuthenticator':
      return {
        ...head,
        displayName: m.displayName,
        deviceTag: 'SoftwareTokenActivated',
        phoneAppVersion: '6.8.12',
        createdDateTime: m.createdDateTime,
      };
    case 'fido2':
      return {
        ...head,
        displayName: m.displayName,
        creationDateTime: m.createdDateTime,
        aaGuid: 'cb69481e-8ff7-4039-93ec-0a2729a154a8',
        model: m.displayName,
        attestationCertificates: ['dbe793efdf1945e2df25d93653a1e8a3268a9075'],
        attestationLevel: 'attested',
      };
    case 'windowsHelloForBusiness':
      return { ...head, displayName: m.displayName, createdDateTime: m.createdDateTime, keyStrength: 'normal' };
    case 'email':
      return { ...head, emailAddress: m.emailAddress };
    case 'softwareOath':
      return { ...head, secretKey: null };
    case 'temporaryAccessPass':
      return {
        ...head,
        temporaryAccessPass: revealCode ? m.temporaryAccessPass : null,
        createdDateTime: m.createdDateTime,
        startDateTime: m.startDateTime,
        lifetimeInMinutes: m.lifetimeInMinutes,
        isUsableOnce: m.isUsableOnce,
        ...tapUsability(m, now, policy),
      };
  }
}
