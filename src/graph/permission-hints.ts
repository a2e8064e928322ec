/** Least-privilege application permission for each Graph area the bot touches, for operator log lines. */
const HINTS: Array<[RegExp, string]> = [
  [/teamwork\/installedApps/i, 'TeamsAppInstallation.ReadWriteSelfForUser.All (and the app published to the org catalog)'],
  [/temporaryAccessPassMethods/i, 'UserAuthenticationMethod.ReadWrite.All'],
  [/authentication\/methods/i, 'UserAuthenticationMethod.Read.All'],
  [/auditLogs\/signIns/i, 'AuditLog.Read.All (and an Entra ID P1/P2 licence: sign-in logs need one)'],
  [/reports\/authenticationMethods/i, 'AuditLog.Read.All (and an Entra ID P1/P2 licence)'],
  [/conditionalAccess|authenticationMethodsPolicy/i, 'Policy.Read.All'],
  [/serviceAnnouncement/i, 'ServiceHealth.Read.All'],
  [/checkMemberGroups|transitiveMember|memberOf|groups\//i, 'GroupMember.Read.All'],
  [/users/i, 'User.Read.All'],
];

export function permissionHint(path: string, method: string): string {
  const found = HINTS.find(([re]) => re.test(path));
  const permission = found ? found[1] : 'the matching Graph application permission';
  return `Grant the app registration the Microsoft Graph application permission ${permission} and have an admin consent to it${method === 'GET' ? '' : ' (this is a write)'}.`;
}
