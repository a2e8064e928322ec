export interface DirectoryUser {
  id: string;
  displayName: string;
  userPrincipalName: string;
  mail?: string | null;
  givenName?: string | null;
  surname?: string | null;
  accountEnabled?: boolean;
  createdDateTime?: string | null;
  userType?: string | null;
  jobTitle?: string | null;
}

export type MethodKind =
  | 'password'
  | 'authenticator'
  | 'phone'
  | 'fido2'
  | 'windowsHello'
  | 'email'
  | 'softwareOath'
  | 'temporaryAccessPass'
  | 'platformCredential'
  | 'hardwareOath'
  | 'certificate'
  | 'external';

export interface AuthMethod {
  kind: MethodKind;
  /** Human name: "Microsoft Authenticator", "Phone (mobile)", "FIDO2 security key"… */
  name: string;
  detail?: string;
  createdAt?: string;
}

export interface TemporaryAccessPass {
  id: string;
  createdDateTime?: string;
  startDateTime?: string;
  lifetimeInMinutes: number;
  isUsableOnce: boolean;
  isUsable: boolean;
  methodUsabilityReason?: string;
}

export interface RegistrationDetails {
  isAdmin: boolean;
  isMfaRegistered: boolean;
  isMfaCapable: boolean;
  isPasswordlessCapable: boolean;
  methodsRegistered: string[];
  userPreferredMethodForSecondaryAuthentication?: string | null;
  systemPreferredAuthenticationMethods?: string[];
  isSystemPreferredAuthenticationMethodEnabled?: boolean;
  lastUpdatedDateTime?: string | null;
}

export interface Membership {
  groupIds: Set<string>;
  roleTemplateIds: Set<string>;
}

/** `enabled`, `disabled` or `enabledForReportingButNotEnforced`; kept open for values Graph adds. */
export type PolicyState = string;

export interface ConditionalAccessPolicy {
  id: string;
  displayName: string;
  state: PolicyState;
  users: {
    includeUsers: string[];
    excludeUsers: string[];
    includeGroups: string[];
    excludeGroups: string[];
    includeRoles: string[];
    excludeRoles: string[];
  };
  includeApplications: string[];
  includeUserActions: string[];
  builtInControls: string[];
  authenticationStrength?: { displayName?: string; requirementsSatisfied?: string } | null;
}
