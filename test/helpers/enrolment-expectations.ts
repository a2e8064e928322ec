import type { Tenant } from '../../src/simulator/tenant';
import type { SimUser } from '../../src/simulator/sim-types';

/**
 * The test oracle for `audit` and `lockout`: computed straight from the simulator's tenant data
 * (users, methods, groups), deliberately without any of the bot's aggregation code.
 */
const STRONG = new Set(['microsoftAuthenticator', 'phone', 'fido2', 'windowsHelloForBusiness', 'softwareOath']);
const DAY = 86_400_000;

export interface UserFacts {
  user: SimUser;
  registered: boolean;
  passwordless: boolean;
  admin: boolean;
  newHire: boolean;
  lastUpdated: number;
  tapUsable: boolean;
}

export function factsOf(tenant: Tenant, now: number, newHireDays: number): UserFacts[] {
  return tenant.users.map((user) => {
    const methods = tenant.methodsOf(user);
    const newest = methods.reduce((acc, m) => Math.max(acc, Date.parse(m.createdDateTime)), Date.parse(user.createdDateTime));
    return {
      user,
      registered: methods.some((m) => STRONG.has(m.kind)),
      passwordless: methods.some(
        (m) => m.kind === 'fido2' || m.kind === 'windowsHelloForBusiness' || (m.kind === 'microsoftAuthenticator' && m.passwordless),
      ),
      admin: [...tenant.roles.values()].some((r) => r.members.has(user.id)),
      newHire: Date.parse(user.createdDateTime) >= now - newHireDays * DAY,
      lastUpdated: user.registrationUpdatedDateTime ? Date.parse(user.registrationUpdatedDateTime) : newest,
      tapUsable: methods.some(
        (m) => m.kind === 'temporaryAccessPass' && Date.parse(m.startDateTime!) + m.lifetimeInMinutes! * 60_000 > now,
      ),
    };
  });
}

export function auditExpectations(facts: UserFacts[], changedSince: number) {
  const notRegistered = facts.filter((f) => !f.registered);
  return {
    total: facts.length,
    registered: facts.filter((f) => f.registered).length,
    notRegistered: notRegistered.length,
    adminsNotRegistered: notRegistered.filter((f) => f.admin).length,
    newHiresNotRegistered: notRegistered.filter((f) => f.newHire).length,
    changed: facts.filter((f) => f.lastUpdated >= changedSince).length,
    passwordless: facts.filter((f) => f.passwordless).length,
  };
}
