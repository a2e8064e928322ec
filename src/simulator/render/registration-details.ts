import type { Tenant } from '../tenant';
import type { AuthMethod, SimUser } from '../sim-types';

const STRONG = new Set<AuthMethod['kind']>(['microsoftAuthenticator', 'phone', 'fido2', 'windowsHelloForBusiness', 'softwareOath']);

function methodNames(m: AuthMethod): string[] {
  switch (m.kind) {
    case 'phone':
      return [m.phoneType === 'office' ? 'officePhone' : m.phoneType === 'alternateMobile' ? 'alternateMobilePhone' : 'mobilePhone'];
    case 'microsoftAuthenticator':
      return m.passwordless ? ['microsoftAuthenticatorPush', 'microsoftAuthenticatorPasswordless'] : ['microsoftAuthenticatorPush'];
    case 'fido2':
      return ['fido2'];
    case 'windowsHelloForBusiness':
      return ['windowsHelloForBusiness'];
    case 'email':
      return ['email'];
    case 'softwareOath':
      return ['softwareOneTimePasscode'];
    case 'temporaryAccessPass':
      return ['temporaryAccessPass'];
    default:
      return []; // the report never lists password
  }
}

/** The userRegistrationDetails row Graph's report would compute from the user's methods. */
export function registrationDetails(tenant: Tenant, user: SimUser): Record<string, unknown> {
  const methods = tenant.methodsOf(user);
  const kinds = new Set(methods.map((m) => m.kind));
  const isMfaRegistered = methods.some((m) => STRONG.has(m.kind));
  const isPasswordlessCapable =
    kinds.has('fido2') ||
    kinds.has('windowsHelloForBusiness') ||
    methods.some((m) => m.kind === 'microsoftAuthenticator' && m.passwordless);
  const isSsprRegistered = kinds.has('phone') || kinds.has('email') || kinds.has('microsoftAuthenticator');
  const systemPreferred = kinds.has('microsoftAuthenticator')
    ? 'push'
    : kinds.has('softwareOath')
      ? 'oath'
      : kinds.has('phone')
        ? 'sms'
        : 'none';
  const newest = methods.reduce((acc, m) => (m.createdDateTime > acc ? m.createdDateTime : acc), user.createdDateTime);
  const lastUpdated = user.registrationUpdatedDateTime ?? newest;
  return {
    id: user.id,
    userPrincipalName: user.userPrincipalName,
    userDisplayName: user.displayName,
    userType: user.userType === 'Guest' ? 'guest' : 'member',
    isAdmin: tenant.isAdmin(user.id),
    isSsprRegistered,
    isSsprEnabled: user.userType !== 'Guest',
    isSsprCapable: isSsprRegistered && user.userType !== 'Guest',
    isMfaRegistered,
    // No per-method policy switches are modelled, so every registered strong method is allowed.
    isMfaCapable: isMfaRegistered,
    isPasswordlessCapable,
    methodsRegistered: [...new Set(methods.flatMap(methodNames))],
    isSystemPreferredAuthenticationMethodEnabled: true,
    systemPreferredAuthenticationMethods: systemPreferred === 'none' ? [] : [systemPreferred],
    userPreferredMethodForSecondaryAuthentication: user.preferredSecondary ?? systemPreferred,
    lastUpdatedDateTime: new Date(Date.parse(lastUpdated)).toISOString(),
  };
}
