import type { MethodKind } from '../../src/domain/directory-types';
import { toPolicy } from '../../src/graph/graph-conditional-access';
import { toIssue } from '../../src/graph/graph-service-health';
import { tapUsability } from '../../src/simulator/render/auth-method';
import { registrationDetails } from '../../src/simulator/render/registration-details';
import type { Tenant } from '../../src/simulator/tenant';
import type { AuthMethod as SimMethod } from '../../src/simulator/sim-types';
import { fakeServices, type FakeServices } from '../helpers/fakes';

const KINDS: Record<Exclude<SimMethod['kind'], 'temporaryAccessPass'>, MethodKind> = {
  password: 'password',
  phone: 'phone',
  microsoftAuthenticator: 'authenticator',
  fido2: 'fido2',
  windowsHelloForBusiness: 'windowsHello',
  email: 'email',
  softwareOath: 'softwareOath',
};

/**
 * The simulator's tenant copied into the fakes through their seeding API only, so that the same question
 * asked of both must get the same answer. The raw data is copied; every rule (transitive membership,
 * filters, what a read selects, 404 as "none") is each side's own.
 */
export function fakesFromTenant(tenant: Tenant): FakeServices {
  const s: FakeServices = fakeServices();
  const rolesOf = (objectId: string) => [...tenant.roles.values()].filter((r) => r.members.has(objectId)).map((r) => r.roleTemplateId);
  const groupsOf = (objectId: string) => [...tenant.groups.values()].filter((g) => g.members.has(objectId)).map((g) => g.id);

  for (const role of tenant.roles.values()) s.directory.addRole(role.displayName, role.roleTemplateId);
  for (const g of tenant.groups.values()) s.directory.addGroup(g.displayName, { id: g.id, memberOf: groupsOf(g.id), roles: rolesOf(g.id) });
  for (const u of tenant.users) {
    const user = s.directory.addUser({
      id: u.id,
      displayName: u.displayName,
      userPrincipalName: u.userPrincipalName,
      mail: u.mail,
      givenName: u.givenName,
      surname: u.surname,
      accountEnabled: u.accountEnabled,
      createdDateTime: u.createdDateTime,
      userType: u.userType,
      jobTitle: u.jobTitle,
      manager: u.managerId ? { id: u.managerId } : undefined,
      memberOf: groupsOf(u.id),
      roles: rolesOf(u.id),
    });
    for (const m of tenant.methodsOf(u)) {
      if (m.kind !== 'temporaryAccessPass') s.authMethods.addMethods(u.id, KINDS[m.kind]);
      else
        s.authMethods.giveTap(u.id, {
          id: m.id,
          createdDateTime: m.createdDateTime,
          startDateTime: m.startDateTime,
          lifetimeInMinutes: m.lifetimeInMinutes ?? 0,
          isUsableOnce: Boolean(m.isUsableOnce),
          ...tapUsability(m, tenant.now(), tenant.tapPolicy),
        });
    }
    s.registrationReport.addRow(user, registrationDetails(tenant, u));
  }
  const { state, defaultLifetimeInMinutes, minimumLifetimeInMinutes, maximumLifetimeInMinutes, isUsableOnce } = tenant.tapPolicy;
  s.authMethods.setTapPolicy({ state, defaultLifetimeInMinutes, minimumLifetimeInMinutes, maximumLifetimeInMinutes, isUsableOnce });
  for (const p of tenant.conditionalAccessPolicies) s.conditionalAccess.addPolicy(toPolicy(p));
  for (const i of tenant.issues) s.serviceHealth.addIssue(toIssue(i));
  return s;
}
