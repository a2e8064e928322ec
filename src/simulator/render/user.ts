import type { SimGroup, SimRole, SimUser } from '../sim-types';

export const USER_PROPERTIES = [
  'id',
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'accountEnabled',
  'createdDateTime',
  'userType',
  'department',
  'mailNickname',
  'employeeId',
  'companyName',
  'usageLocation',
  'onPremisesSyncEnabled',
] as const;

/** Graph's v1.0 default set: accountEnabled, createdDateTime, userType etc. only come back when selected. */
export const USER_DEFAULT_SELECT = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
] as const;

export function userProperties(u: SimUser): Record<string, unknown> {
  return {
    id: u.id,
    businessPhones: u.businessPhones,
    displayName: u.displayName,
    givenName: u.givenName,
    jobTitle: u.jobTitle,
    mail: u.mail,
    mobilePhone: u.mobilePhone,
    officeLocation: u.officeLocation,
    preferredLanguage: u.preferredLanguage,
    surname: u.surname,
    userPrincipalName: u.userPrincipalName,
    accountEnabled: u.accountEnabled,
    createdDateTime: u.createdDateTime,
    userType: u.userType,
    department: u.department,
    mailNickname: u.mailNickname,
    employeeId: null,
    companyName: null,
    usageLocation: 'US',
    onPremisesSyncEnabled: null,
  };
}

export const GROUP_DEFAULT = [
  'id',
  'deletedDateTime',
  'createdDateTime',
  'description',
  'displayName',
  'groupTypes',
  'mail',
  'mailEnabled',
  'mailNickname',
  'securityEnabled',
] as const;

export function groupProperties(g: SimGroup): Record<string, unknown> {
  return {
    id: g.id,
    deletedDateTime: null,
    createdDateTime: g.createdDateTime,
    description: g.description,
    displayName: g.displayName,
    groupTypes: g.groupTypes,
    mail: g.mail,
    mailEnabled: g.mailEnabled,
    mailNickname: g.mailNickname,
    securityEnabled: g.securityEnabled,
  };
}

export function roleProperties(r: SimRole): Record<string, unknown> {
  return { id: r.id, deletedDateTime: null, description: r.description, displayName: r.displayName, roleTemplateId: r.roleTemplateId };
}

/** Any property name valid on some directoryObject subtype we serve; $select on directoryObjects accepts these. */
export const DIRECTORY_OBJECT_PROPERTIES = [...new Set<string>([...USER_PROPERTIES, ...GROUP_DEFAULT, 'roleTemplateId'])];
