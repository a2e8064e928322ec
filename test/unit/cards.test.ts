import { renderHelpCard } from '../../src/router/help-card';
import { renderStatusCard } from '../../src/features/status/status-card';
import type { UserStatus } from '../../src/features/status/look-up';
import { renderUserChoiceCard } from '../../src/kit/user-choice-card';
import { COMMANDS } from '../../src/router/command-table';
import { assessLockout } from '../../src/domain/lockout-risk';
import type { ConditionalAccessPolicy } from '../../src/domain/directory-types';
import { cardText } from '../helpers/card-text';
import { cardProblems } from '../helpers/validate-card';

const NOW = Date.parse('2026-11-27T12:00:00Z');
const mfaAll: ConditionalAccessPolicy = {
  id: 'p1',
  displayName: 'Require MFA for all users',
  state: 'enabled',
  users: { includeUsers: ['All'], excludeUsers: [], includeGroups: [], excludeGroups: [], includeRoles: [], excludeRoles: [] },
  includeApplications: ['All'],
  includeUserActions: [],
  builtInControls: ['mfa'],
};
const regInfo: ConditionalAccessPolicy = {
  ...mfaAll,
  id: 'p2',
  displayName: 'Require MFA to register security info',
  includeApplications: [],
  includeUserActions: ['urn:user:registersecurityinfo'],
};
const membership = { groupIds: new Set<string>(), roleTemplateIds: new Set<string>() };

function status(over: Partial<UserStatus> & { registered?: boolean; tapUsable?: boolean } = {}): UserStatus {
  const registered = over.registered ?? true;
  const tapUsable = over.tapUsable ?? false;
  const user = {
    id: 'u1',
    displayName: "Seán O'Brien",
    userPrincipalName: 'sean.obrien@contoso.example',
    accountEnabled: true,
    createdDateTime: '2026-11-25T09:00:00Z',
    userType: 'Member',
  };
  return {
    user,
    manager: { id: 'm', displayName: 'Maria Manager', userPrincipalName: 'maria@contoso.example' },
    methods: registered
      ? [{ kind: 'authenticator', name: 'Microsoft Authenticator', detail: 'iPhone' }]
      : [{ kind: 'password', name: 'Password' }],
    tap: tapUsable
      ? { id: 't', startDateTime: '2026-11-27T11:30:00Z', lifetimeInMinutes: 60, isUsableOnce: true, isUsable: true }
      : undefined,
    tapUsable,
    registration: {
      isAdmin: false,
      isMfaRegistered: registered,
      isMfaCapable: registered,
      isPasswordlessCapable: false,
      methodsRegistered: [],
      userPreferredMethodForSecondaryAuthentication: registered ? 'push' : '',
    },
    mfaRegistered: registered,
    lockout: assessLockout({ user, membership, mfaRegistered: registered, hasUsableTap: tapUsable, policies: [mfaAll, regInfo] }),
    notes: [],
    ...over,
  };
}

describe('cards', () => {
  const variants: Array<[string, UserStatus]> = [
    ['registered', status()],
    ['at risk', status({ registered: false })],
    ['covered by a TAP', status({ registered: false, tapUsable: true })],
    [
      'policies unreadable',
      status({ lockout: undefined, notes: ["Microsoft Graph didn't answer while I was reading the conditional access policies."] }),
    ],
    ['with incident banner', status({ incident: { id: 'EN1032117', title: "Users can't set up MFA" } })],
  ];

  it.each(variants)('status card (%s) is a valid Adaptive Card 1.5 under 28 KB', (_name, s) => {
    const card = renderStatusCard(s, NOW, 14);
    expect(cardProblems(card)).toEqual([]);
  });

  it('status card says what a helpdesk agent needs', () => {
    const registered = cardText(renderStatusCard(status(), NOW, 14));
    expect(registered).toMatch(/Seán O'Brien/);
    expect(registered).toMatch(/new hire, 2 days ago/);
    expect(registered).toMatch(/Manager: Maria Manager/);
    expect(registered).toMatch(/Microsoft Authenticator: iPhone/);
    expect(registered).toMatch(/Default method: Microsoft Authenticator notification/);
    expect(registered).toMatch(/Lockout risk: no/);

    const atRisk = cardText(renderStatusCard(status({ registered: false }), NOW, 14));
    expect(atRisk).toMatch(/Lockout risk: YES. "Require MFA for all users" requires MFA/);
    expect(atRisk).toMatch(/tap sean.obrien@contoso.example <reason>/);
    expect(atRisk).toMatch(/Registering security info also needs MFA/);

    const tap = cardText(renderStatusCard(status({ registered: false, tapUsable: true }), NOW, 14));
    expect(tap).toMatch(/Active until 2026-11-27 12:30 UTC \(60 min, one-time\)/);
    expect(tap).toMatch(/holds a usable TAP/);
  });

  it('help lists every command from the table', () => {
    const card = renderHelpCard(COMMANDS);
    expect(cardProblems(card)).toEqual([]);
    for (const c of COMMANDS) expect(cardText(card)).toContain(c.usage);
  });

  it('choice card offers one button per user that sends the command back', () => {
    const users = [
      { id: '1', displayName: 'Alex Alpha', userPrincipalName: 'alex@contoso.example' },
      { id: '2', displayName: 'Alexandra Alvarez', userPrincipalName: 'alexandra@contoso.example' },
    ];
    const card = renderUserChoiceCard('Pick one', 'status', users);
    expect(cardProblems(card)).toEqual([]);
    expect((card.actions as any[]).map((a) => a.data.msteams.text)).toEqual([
      'status alex@contoso.example',
      'status alexandra@contoso.example',
    ]);
  });
});

describe('card validator', () => {
  it('catches what Teams would reject', () => {
    expect(cardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlok', text: 'x' }] })).not.toEqual([]);
    expect(cardProblems({ type: 'AdaptiveCard', version: '1.6', body: [] })).not.toEqual([]);
    expect(cardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Media', sources: [] }] })).not.toEqual([]);
    expect(cardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'x'.repeat(30_000) }] })).not.toEqual([]);
  });
});
