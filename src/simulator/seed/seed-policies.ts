import type { ConditionalAccessPolicy, TapPolicy } from '../sim-types';

export function contosoTapPolicy(): TapPolicy {
  return {
    state: 'enabled',
    defaultLifetimeInMinutes: 60,
    defaultLength: 8,
    minimumLifetimeInMinutes: 60,
    maximumLifetimeInMinutes: 480,
    isUsableOnce: false,
    includeTargets: [{ targetType: 'group', id: 'all_users', isRegistrationRequired: false }],
    excludeTargets: [],
  };
}

const PHISHING_RESISTANT = {
  id: '00000000-0000-0000-0000-000000000004',
  createdDateTime: '2021-12-01T00:00:00Z',
  modifiedDateTime: '2021-12-01T00:00:00Z',
  displayName: 'Phishing-resistant MFA',
  description: 'Phishing-resistant, Passwordless methods for the strongest authentication, such as a FIDO2 security key',
  policyType: 'builtIn',
  requirementsSatisfied: 'mfa',
  allowedCombinations: ['windowsHelloForBusiness', 'fido2', 'x509CertificateMultiFactor'],
};

interface PolicySpec {
  id: string;
  displayName: string;
  state: 'enabled' | 'disabled' | 'enabledForReportingButNotEnforced';
  users: Partial<Record<'includeUsers' | 'excludeUsers' | 'includeGroups' | 'excludeGroups' | 'includeRoles' | 'excludeRoles', string[]>>;
  includeApplications?: string[];
  includeUserActions?: string[];
  clientAppTypes?: string[];
  builtInControls: string[];
  authenticationStrength?: typeof PHISHING_RESISTANT;
}

/** Builds the full Graph conditionalAccessPolicy shape, so consumers see every field they would in a real tenant. */
function policy(spec: PolicySpec, created: string): ConditionalAccessPolicy {
  const list = (name: keyof PolicySpec['users']) => spec.users[name] ?? [];
  return {
    id: spec.id,
    templateId: null,
    displayName: spec.displayName,
    createdDateTime: created,
    modifiedDateTime: created,
    state: spec.state,
    sessionControls: null,
    conditions: {
      userRiskLevels: [],
      signInRiskLevels: [],
      clientAppTypes: spec.clientAppTypes ?? ['all'],
      servicePrincipalRiskLevels: [],
      platforms: null,
      locations: null,
      devices: null,
      clientApplications: null,
      applications: {
        includeApplications: spec.includeApplications ?? [],
        excludeApplications: [],
        includeUserActions: spec.includeUserActions ?? [],
        includeAuthenticationContextClassReferences: [],
        applicationFilter: null,
      },
      users: {
        includeUsers: list('includeUsers'),
        excludeUsers: list('excludeUsers'),
        includeGroups: list('includeGroups'),
        excludeGroups: list('excludeGroups'),
        includeRoles: list('includeRoles'),
        excludeRoles: list('excludeRoles'),
        includeGuestsOrExternalUsers: null,
        excludeGuestsOrExternalUsers: null,
      },
    },
    grantControls: {
      operator: 'OR',
      builtInControls: spec.builtInControls,
      customAuthenticationFactors: [],
      termsOfUse: [],
      authenticationStrength: spec.authenticationStrength ?? null,
    },
  };
}

export function contosoConditionalAccess(created: string, breakGlassGroupId: string, globalAdminTemplateId: string) {
  const id = (n: number) => `c0de0000-0000-4000-c000-${n.toString(16).padStart(12, '0')}`;
  return [
    policy(
      {
        id: id(1),
        displayName: 'Require MFA for all users',
        state: 'enabled',
        users: { includeUsers: ['All'], excludeGroups: [breakGlassGroupId] },
        includeApplications: ['All'],
        builtInControls: ['mfa'],
      },
      created,
    ),
    policy(
      {
        id: id(2),
        displayName: 'Require MFA to register security info',
        state: 'enabled',
        users: { includeUsers: ['All'], excludeGroups: [breakGlassGroupId] },
        includeUserActions: ['urn:user:registersecurityinfo'],
        builtInControls: ['mfa'],
      },
      created,
    ),
    policy(
      {
        id: id(3),
        displayName: 'Phishing-resistant MFA for admins',
        state: 'enabledForReportingButNotEnforced',
        users: { includeRoles: [globalAdminTemplateId], excludeGroups: [breakGlassGroupId] },
        includeApplications: ['All'],
        builtInControls: [],
        authenticationStrength: PHISHING_RESISTANT,
      },
      created,
    ),
    policy(
      {
        id: id(4),
        displayName: 'Block legacy authentication',
        state: 'disabled',
        users: { includeUsers: ['All'], excludeGroups: [breakGlassGroupId] },
        includeApplications: ['All'],
        clientAppTypes: ['exchangeActiveSync', 'other'],
        builtInControls: ['block'],
      },
      created,
    ),
  ];
}
