import type { AuthMethod } from '../sim-types';

/** Graph uses fixed, well-known ids for the password, phone and email methods. */
export const WELL_KNOWN_METHOD_IDS = {
  password: '28c10230-6103-485e-b985-444c60001490',
  mobile: '3179e48a-750b-4051-897c-87b9720928f7',
  alternateMobile: 'b6332ec1-7057-4abe-9331-3d72feddfe41',
  office: 'e37fc753-ff3b-4958-9484-eaa9425c82bc',
  email: '3ddfcfc8-9383-446f-83cc-3ab9be4be18f',
} as const;

export const password = (created: string): AuthMethod => ({
  kind: 'password',
  id: WELL_KNOWN_METHOD_IDS.password,
  createdDateTime: created,
});

export const mobilePhone = (created: string, phoneNumber: string): AuthMethod => ({
  kind: 'phone',
  id: WELL_KNOWN_METHOD_IDS.mobile,
  createdDateTime: created,
  phoneNumber,
  phoneType: 'mobile',
});

export const authenticator = (id: string, created: string, displayName = 'iPhone 15', passwordless = false): AuthMethod => ({
  kind: 'microsoftAuthenticator',
  id,
  createdDateTime: created,
  displayName,
  passwordless,
});

export const fido2 = (id: string, created: string, displayName = 'YubiKey 5 NFC'): AuthMethod => ({
  kind: 'fido2',
  id,
  createdDateTime: created,
  displayName,
});

export const windowsHello = (id: string, created: string, displayName: string): AuthMethod => ({
  kind: 'windowsHelloForBusiness',
  id,
  createdDateTime: created,
  displayName,
});

export const email = (created: string, emailAddress: string): AuthMethod => ({
  kind: 'email',
  id: WELL_KNOWN_METHOD_IDS.email,
  createdDateTime: created,
  emailAddress,
});

export const softwareOath = (id: string, created: string): AuthMethod => ({ kind: 'softwareOath', id, createdDateTime: created });

export const temporaryAccessPass = (
  id: string,
  created: string,
  start: string,
  lifetimeInMinutes: number,
  isUsableOnce: boolean,
  code: string,
): AuthMethod => ({
  kind: 'temporaryAccessPass',
  id,
  createdDateTime: created,
  startDateTime: start,
  lifetimeInMinutes,
  isUsableOnce,
  temporaryAccessPass: code,
});
