import type { SimGroup, SimRole, SimUser } from '../sim-types';
import type { TenantSeed } from '../tenant';
import { generateUsers } from './generate-users';
import * as m from './methods';
import { contosoConditionalAccess, contosoTapPolicy } from './seed-policies';
import { contosoIssues, SERVICE_OVERVIEWS } from './seed-service-health';
import type { SignInPin } from './seed-sign-ins';

const DOMAIN = 'contoso.example';
const userId = (n: number) => `c0de0000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const groupId = (n: number) => `c0de0000-0000-4000-9000-${n.toString(16).padStart(12, '0')}`;
const methodId = (n: number) => `c0de0000-0000-4000-a000-${n.toString(16).padStart(12, '0')}`;

/** [key, givenName, surname, displayName, UPN local part] */
const PEOPLE = [
  ['alice', 'Alice', 'Anders', 'Alice Anders', 'alice'],
  ['bob', 'Bob', 'Baker', 'Bob Baker', 'bob'],
  ['nina', 'Nina', 'Newhire', 'Nina Newhire', 'nina'],
  ['maria', 'Maria', 'Manager', 'Maria Manager', 'maria'],
  ['carlos', 'Carlos', 'Chief', 'Carlos Chief', 'carlos'],
  ['hank', 'Hank', 'Helpdesk', 'Hank Helpdesk', 'hank'],
  ['hana', 'Hana', 'Helpdesk', 'Hana Helpdesk', 'hana'],
  ['adam', 'Adam', 'Admin', 'Adam Admin', 'adam'],
  ['ulla', 'Ulla', 'Unregistered-Admin', 'Ulla Unregistered-Admin', 'ulla'],
  ['tara', 'Tara', 'Tap', 'Tara Tap', 'tara'],
  ['zoe', 'Zoë', 'Åström', 'Zoë Åström', 'zoe'],
  ['jose', 'José', 'Muñoz', 'José Muñoz', 'jose'],
  ['sean', 'Seán', "O'Brien", "Seán O'Brien", 'sean.obrien'],
  ['dangelo', "D'Angelo", 'Dubois', "D'Angelo Dubois", 'dangelo'],
  ['dave', 'Dave', 'Disabled', 'Dave Disabled', 'dave'],
  ['bree', 'Bree', 'Breakglass', 'Bree Breakglass', 'bree'],
  ['gina', 'Gina', 'Guest', 'Gina Guest', 'gina_fabrikam.example#EXT#'],
  ['alex', 'Alex', 'Alpha', 'Alex Alpha', 'alex'],
  ['alexandra', 'Alexandra', 'Alvarez', 'Alexandra Alvarez', 'alexandra'],
  ['rita', 'Rita', 'Resetphone', 'Rita Resetphone', 'rita'],
] as const;

export type ContosoUserKey = (typeof PEOPLE)[number][0];

/** Fixed ids of the demo tenant, for tests and demos. */
export const CONTOSO = {
  tenantId: '72f0c0de-0000-4000-8000-00000000beef',
  domain: DOMAIN,
  users: Object.fromEntries(
    PEOPLE.map(([key, , , displayName, local], i) => [key, { id: userId(i + 1), upn: `${local}@${DOMAIN}`, displayName }]),
  ) as Record<ContosoUserKey, { id: string; upn: string; displayName: string }>,
  groups: {
    helpdesk: groupId(1),
    helpdeskTier2: groupId(2),
    approvers: groupId(3),
    breakGlass: groupId(4),
    newHires: groupId(5),
    allStaff: groupId(6),
  },
  roles: {
    globalAdministrator: { id: 'c0de0000-0000-4000-b000-000000000001', roleTemplateId: '62e90394-69f5-4237-9190-012177145e10' },
    userAdministrator: { id: 'c0de0000-0000-4000-b000-000000000002', roleTemplateId: 'fe930be7-5e62-47db-91af-98c3a49a38b1' },
  },
  /** Tara's seeded TAP method id. */
  taraTapId: methodId(100),
  outageIssueId: 'EN1032117',
  /** mfa-bot in Contoso's org app catalog: TEAMS_APP_CATALOG_ID. Its externalId is env/.env.local's TEAMS_APP_ID. */
  teamsApp: {
    id: 'c0de0000-0000-4000-e000-00000000ab01',
    externalId: '6d2f3c1e-8a4b-4e5f-9c7d-2b1a0e9f8d61',
    botId: 'c0de0000-0000-4000-e000-00000000b071',
  },
} as const;

const MANAGERS: Partial<Record<ContosoUserKey, ContosoUserKey>> = {
  alice: 'maria',
  bob: 'maria',
  nina: 'maria',
  tara: 'maria',
  zoe: 'maria',
  jose: 'maria',
  sean: 'maria',
  dangelo: 'maria',
  rita: 'maria',
  alex: 'maria',
  alexandra: 'maria',
  dave: 'maria',
  maria: 'carlos',
  hank: 'carlos',
  hana: 'carlos',
  adam: 'carlos',
  ulla: 'carlos',
  bree: 'carlos',
};

export function buildContoso(now: number, generatedUsers: number): TenantSeed {
  const iso = (msAgo: number) => new Date(now - msAgo).toISOString();
  const DAY = 86_400_000;
  const longAgo = iso(400 * DAY);
  const U = CONTOSO.users;
  const methods: Record<ContosoUserKey, ReturnType<typeof m.password>[]> = {
    alice: [m.password(longAgo), m.authenticator(methodId(1), iso(200 * DAY)), m.mobilePhone(iso(200 * DAY), '+1 4255550101')],
    bob: [m.password(longAgo), m.mobilePhone(iso(150 * DAY), '+1 4255550102')],
    nina: [m.password(iso(3 * DAY))],
    maria: [m.password(longAgo), m.authenticator(methodId(2), iso(300 * DAY), 'Pixel 8'), m.fido2(methodId(3), iso(90 * DAY))],
    carlos: [
      m.password(longAgo),
      m.windowsHello(methodId(4), iso(120 * DAY), 'CARLOS-LAPTOP'),
      m.authenticator(methodId(5), iso(300 * DAY)),
    ],
    hank: [m.password(longAgo), m.authenticator(methodId(6), iso(250 * DAY))],
    hana: [m.password(longAgo), m.authenticator(methodId(7), iso(240 * DAY)), m.mobilePhone(iso(240 * DAY), '+1 4255550107')],
    adam: [m.password(longAgo), m.authenticator(methodId(8), iso(365 * DAY))],
    ulla: [m.password(longAgo)],
    tara: [m.password(iso(1 * DAY)), m.temporaryAccessPass(CONTOSO.taraTapId, iso(20 * 60_000), iso(20 * 60_000), 60, true, 'Tq7#pX2m')],
    zoe: [m.password(longAgo), m.authenticator(methodId(9), iso(100 * DAY))],
    jose: [m.password(longAgo), m.mobilePhone(iso(80 * DAY), '+34 600555010'), m.email(iso(80 * DAY), 'jose.munoz@fabrikam.example')],
    sean: [m.password(longAgo)],
    dangelo: [m.password(longAgo), m.softwareOath(methodId(10), iso(60 * DAY)), m.authenticator(methodId(11), iso(60 * DAY))],
    dave: [m.password(longAgo), m.authenticator(methodId(12), iso(500 * DAY))],
    bree: [m.password(longAgo)],
    gina: [],
    alex: [m.password(longAgo), m.authenticator(methodId(13), iso(30 * DAY))],
    alexandra: [m.password(longAgo), m.mobilePhone(iso(45 * DAY), '+1 4255550119')],
    rita: [m.password(longAgo)],
  };
  const named: SimUser[] = PEOPLE.map(([key, givenName, surname, displayName, local]) => {
    const guest = key === 'gina';
    return {
      id: U[key].id,
      displayName,
      givenName,
      surname,
      mail: guest ? 'gina@fabrikam.example' : `${local}@${DOMAIN}`,
      userPrincipalName: U[key].upn,
      mailNickname: guest ? 'gina_fabrikam.example#EXT#' : local,
      jobTitle: guest ? null : jobTitleOf(key),
      department: guest ? null : 'Contoso',
      officeLocation: guest ? null : 'Building 1',
      mobilePhone: null,
      businessPhones: [],
      preferredLanguage: 'en-US',
      accountEnabled: key !== 'dave',
      createdDateTime: trimMs(key === 'nina' ? iso(3 * DAY) : key === 'tara' ? iso(DAY) : longAgo),
      userType: guest ? 'Guest' : 'Member',
      managerId: MANAGERS[key] ? U[MANAGERS[key]].id : undefined,
      methods: methods[key],
      // Rita reset her phone: the report refreshed recently and now shows only a password.
      registrationUpdatedDateTime: key === 'rita' ? iso(2 * 3600_000) : undefined,
      preferredSecondary: key === 'bob' ? 'sms' : undefined,
    };
  });

  const g = CONTOSO.groups;
  const group = (id: string, displayName: string, members: string[]): SimGroup => ({
    id,
    displayName,
    description: `${displayName} (demo)`,
    mailNickname: displayName.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    mail: null,
    mailEnabled: false,
    securityEnabled: true,
    groupTypes: [],
    createdDateTime: trimMs(longAgo),
    members: new Set(members),
  });
  const groups = [
    group(g.helpdesk, 'Helpdesk', [U.hank.id, g.helpdeskTier2]),
    group(g.helpdeskTier2, 'Helpdesk Tier 2', [U.hana.id]),
    group(g.approvers, 'Approvers', [U.carlos.id]),
    group(g.breakGlass, 'Break-glass', [U.bree.id]),
    group(g.newHires, 'New Hires', [U.nina.id]),
    group(
      g.allStaff,
      'All Staff',
      PEOPLE.filter(([k]) => k !== 'gina').map(([k]) => U[k].id),
    ),
  ];
  const r = CONTOSO.roles;
  const roles: SimRole[] = [
    {
      ...r.globalAdministrator,
      displayName: 'Global Administrator',
      description: 'Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities.',
      members: new Set([U.adam.id]),
    },
    {
      ...r.userAdministrator,
      displayName: 'User Administrator',
      description: 'Can manage all aspects of users and groups, including resetting passwords for limited admins.',
      members: new Set([U.ulla.id]),
    },
  ];

  return {
    tenantId: CONTOSO.tenantId,
    domain: DOMAIN,
    users: [...named, ...generateUsers(generatedUsers, DOMAIN, now, U.carlos.id)],
    groups,
    roles,
    conditionalAccessPolicies: contosoConditionalAccess(trimMs(longAgo), g.breakGlass, r.globalAdministrator.roleTemplateId),
    tapPolicy: contosoTapPolicy(),
    overviews: SERVICE_OVERVIEWS,
    issues: contosoIssues(now),
    teamsApps: [{ ...CONTOSO.teamsApp, displayName: 'mfa-bot', distributionMethod: 'organization' }],
    signInPins: Object.fromEntries(Object.entries(SIGN_IN_PINS).map(([key, pin]) => [U[key as ContosoUserKey].id, pin])),
  };
}

/**
 * What the named users' sign-ins show, so tests and demos can rely on it (consistent with their methods above:
 * nina, ulla, rita and sean have only a password; bob has a phone; dave is disabled; bree is break-glass,
 * outside every policy; gina is a guest, whose MFA comes from her home tenant; jose is blocked by conditional access).
 */
const SIGN_IN_PINS: Partial<Record<ContosoUserKey, SignInPin>> = {
  nina: { outage: 50079 },
  ulla: { outage: 53010 },
  rita: { outage: 50072 },
  sean: { outage: 50079, recovers: true },
  bob: { outage: 500121, recovers: true },
  bree: { always: 0 },
  gina: { always: 0 },
  alice: { always: 0 },
  dave: { always: 50057 },
  jose: { always: 53003 },
};

function jobTitleOf(key: ContosoUserKey): string {
  const titles: Partial<Record<ContosoUserKey, string>> = {
    maria: 'Engineering Manager',
    carlos: 'Chief Operating Officer',
    hank: 'Helpdesk Agent',
    hana: 'Helpdesk Agent (Tier 2)',
    adam: 'IT Administrator',
    ulla: 'Identity Administrator',
    bree: 'Emergency Access Account',
    nina: 'Sales Associate',
  };
  return titles[key] ?? 'Specialist';
}

const trimMs = (s: string) => s.replace(/\.\d{3}Z$/, 'Z');
