import { describeMethods, isTapUsable } from '../../src/domain/method-names';

describe('describeMethods', () => {
  it('names every v1.0 method type and ignores unknown ones', () => {
    const { methods, tap } = describeMethods([
      { '@odata.type': '#microsoft.graph.passwordAuthenticationMethod', id: '1' },
      { '@odata.type': '#microsoft.graph.phoneAuthenticationMethod', id: '2', phoneNumber: '+1 555 0100', phoneType: 'mobile' },
      { '@odata.type': '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod', id: '3', displayName: 'iPhone 15' },
      {
        '@odata.type': '#microsoft.graph.fido2AuthenticationMethod',
        id: '4',
        model: 'YubiKey 5 NFC',
        creationDateTime: '2025-01-01T00:00:00Z',
      },
      { '@odata.type': '#microsoft.graph.windowsHelloForBusinessAuthenticationMethod', id: '5', displayName: 'LAPTOP-1' },
      { '@odata.type': '#microsoft.graph.emailAuthenticationMethod', id: '6', emailAddress: 'a@b.example' },
      { '@odata.type': '#microsoft.graph.softwareOathAuthenticationMethod', id: '7' },
      { '@odata.type': '#microsoft.graph.somethingNewAuthenticationMethod', id: '8' },
      {
        '@odata.type': '#microsoft.graph.temporaryAccessPassAuthenticationMethod',
        id: '9',
        temporaryAccessPass: null,
        startDateTime: '2026-01-01T10:00:00Z',
        lifetimeInMinutes: 60,
        isUsableOnce: true,
        isUsable: true,
      },
    ]);
    expect(methods.map((m) => m.name)).toEqual([
      'Password',
      'Phone (mobile)',
      'Microsoft Authenticator',
      'FIDO2 security key',
      'Windows Hello for Business',
      'Email',
      'Software OATH token',
    ]);
    expect(methods[3]).toMatchObject({ detail: 'YubiKey 5 NFC', createdAt: '2025-01-01T00:00:00Z' });
    expect(tap).toMatchObject({ id: '9', lifetimeInMinutes: 60, isUsableOnce: true });
  });

  it('a TAP is usable only while Graph says so and before it expires', () => {
    const tap = { id: 't', startDateTime: '2026-01-01T10:00:00Z', lifetimeInMinutes: 60, isUsableOnce: true, isUsable: true };
    expect(isTapUsable(tap, Date.parse('2026-01-01T10:30:00Z'))).toBe(true);
    expect(isTapUsable(tap, Date.parse('2026-01-01T11:01:00Z'))).toBe(false);
    expect(isTapUsable({ ...tap, isUsable: false }, Date.parse('2026-01-01T10:30:00Z'))).toBe(false);
    expect(isTapUsable(undefined, 0)).toBe(false);
  });
});
