import { CONTOSO } from '../../src/simulator/seed/contoso';
import { cardText } from '../helpers/card-text';
import { factsOf } from '../helpers/enrolment-expectations';
import { finalAnswer, finalCard } from '../helpers/progress';
import { startTestBot, type TestBot } from '../helpers/test-bot';
import { cardProblems } from '../helpers/validate-card';

const U = CONTOSO.users;
const G = CONTOSO.groups;
const hank = { aadObjectId: U.hank.id, name: U.hank.displayName };

const extraPolicy = (n: number, displayName: string, users: Record<string, string[]>, state = 'enabled') => ({
  id: `c0de0000-0000-4000-c000-0000000001${n}0`,
  displayName,
  state,
  conditions: {
    applications: { includeApplications: ['All'], includeUserActions: [] },
    users: { includeUsers: [], excludeUsers: [], includeGroups: [], excludeGroups: [], includeRoles: [], excludeRoles: [], ...users },
  },
  grantControls: { operator: 'OR', builtInControls: ['mfa'], authenticationStrength: null },
});

function fact(text: string, title: string): number {
  const m = new RegExp(`^${title.replace(/[()]/g, '\\$&')}: (\\d+)`, 'm').exec(text);
  if (!m) throw new Error(`no fact "${title}" in:\n${text}`);
  return Number(m[1]);
}

describe('lockout, end to end over HTTP', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot({ env: { HELPDESK_GROUP_ID: G.helpdesk } });
    // Beyond the demo's four policies: one scoped by directory roles, one by a group with a user excluded.
    t.sim.tenant.conditionalAccessPolicies.push(
      extraPolicy(1, 'MFA for user and global admins', {
        includeRoles: [CONTOSO.roles.userAdministrator.roleTemplateId, CONTOSO.roles.globalAdministrator.roleTemplateId],
      }),
      extraPolicy(2, 'MFA for all staff except Seán', { includeGroups: [G.allStaff], excludeUsers: [U.sean.id] }),
      extraPolicy(3, 'Report-only MFA for new hires', { includeGroups: [G.newHires] }, 'enabledForReportingButNotEnforced'),
    );
  });
  afterAll(async () => t.close());
  afterEach(() => t.sim.faults.clear());
  // With throttling on, the bot paced itself in every test: Graph never had to refuse it.
  afterEach(() => expect(t.sim.throttle.toJSON().refused).toEqual({}));

  /** The card a `lockout` finally shows: the reply, or (a review waiting for the reports bucket) the progress message's last update. */
  async function lockoutCard(args = '', command = 'lockout') {
    const { card } = await finalCard(t, await t.send(`${command} ${args}`.trim(), hank));
    expect(cardProblems(card)).toEqual([]);
    return { card, text: cardText(card) };
  }

  it('counts exactly who enforced MFA policies would lock out, per policy and in total', async () => {
    t.sim.calls.clear();
    const { text } = await lockoutCard();
    const facts = factsOf(t.sim.tenant, t.sim.tenant.now(), 14);
    const breakGlass = t.sim.tenant.groups.get(G.breakGlass)!.members;
    const allStaff = t.sim.tenant.groups.get(G.allStaff)!.members;
    const exposed = facts.filter((f) => !f.registered && !f.tapUsable && f.user.accountEnabled !== false); // disabled accounts can't be locked out
    const everyone = exposed.filter((f) => !breakGlass.has(f.user.id)); // "All" minus the break-glass group
    const admins = exposed.filter((f) => f.admin);
    const staff = exposed.filter((f) => allStaff.has(f.user.id) && f.user.id !== U.sean.id);
    const distinct = new Set([...everyone, ...admins, ...staff].map((f) => f.user.id));

    expect(fact(text, 'At risk of lockout (distinct users)')).toBe(distinct.size);
    expect(text).toContain(`Require MFA for all users: ${everyone.length} users`);
    expect(text).toContain(`MFA for user and global admins: ${admins.length} user`);
    expect(admins.map((f) => f.user.id)).toEqual([U.ulla.id]); // in three policies, counted once in the total
    expect(text).toContain(`MFA for all staff except Seán: ${staff.length} users`);
    expect(staff.map((f) => f.user.id)).not.toContain(U.sean.id);
    expect(staff.map((f) => f.user.id)).toContain(U.bree.id); // the break-glass exclusion is per policy
    expect(fact(text, 'Not registered but covered by a usable TAP')).toBe(1); // Tara
    expect(text).toMatch(/Require MFA to register security info: \d+ unregistered users in scope can only register with a TAP/);
    expect(text).toMatch(/Phishing-resistant MFA for admins \(report-only\)/);
    expect(text).toMatch(/Block legacy authentication \(disabled\)/);
    expect(text).toMatch(/Report-only MFA for new hires \(report-only\)/);
    expect(text).toContain(`tap ${U.nina.upn} <reason>`);
    expect(text).not.toContain(U.tara.upn);

    const paths = [...t.sim.calls].map((c) => c.path);
    expect(paths.filter((p) => /userRegistrationDetails$/.test(p))).toHaveLength(1);
    expect(paths).toContain(`/directoryRoles(roleTemplateId='${CONTOSO.roles.userAdministrator.roleTemplateId}')/members`);
    expect(paths.filter((p) => /temporaryAccessPassMethods$/.test(p))).toEqual([
      `/users/${U.tara.id}/authentication/temporaryAccessPassMethods`,
    ]);
  });

  it('a TAP that has expired no longer protects its holder', async () => {
    const tara = t.sim.tenant.findUser(U.tara.id)!;
    const tap = tara.methods!.find((m) => m.kind === 'temporaryAccessPass')!;
    const start = tap.startDateTime;
    try {
      const before = fact((await lockoutCard()).text, 'At risk of lockout (distinct users)');
      tap.startDateTime = new Date(t.sim.tenant.now() - 2 * 3600_000).toISOString();
      const { text } = await lockoutCard();
      expect(fact(text, 'Not registered but covered by a usable TAP')).toBe(0);
      expect(fact(text, 'At risk of lockout (distinct users)')).toBe(before + 1);
    } finally {
      tap.startDateTime = start;
    }
  });

  it('a disabled account is never counted at risk: it cannot sign in anyway', async () => {
    const nina = t.sim.tenant.findUser(U.nina.id)!;
    const { text: before } = await lockoutCard();
    nina.accountEnabled = false;
    try {
      const { text } = await lockoutCard();
      expect(fact(text, 'At risk of lockout (distinct users)')).toBe(fact(before, 'At risk of lockout (distinct users)') - 1);
      const disabledBefore = /Not registered but disabled \(not counted\): (\d+)/.exec(before)?.[1] ?? '0';
      expect(fact(text, 'Not registered but disabled (not counted)')).toBe(Number(disabledBefore) + 1);
      expect(text).not.toContain(`tap ${U.nina.upn} <reason>`);
    } finally {
      nina.accountEnabled = true;
    }
  });

  it('during an identity incident the card leads with at-risk new hires and recent changes', async () => {
    t.sim.timeline.advance();
    try {
      const { card, text } = await lockoutCard();
      expect(card.body[0].style).toBe('attention');
      expect(text.split('\n')[0]).toMatch(/^Identity incident EN1032117 .*: \d+ users? at risk of lockout (is|are) new hires/);
      const facts = factsOf(t.sim.tenant, t.sim.tenant.now(), 14);
      const cohort = facts.filter((f) => !f.registered && !f.tapUsable && f.newHire);
      expect(text.split('\n')[0]).toContain(`: ${cohort.length} user${cohort.length === 1 ? '' : 's'} at risk`);
      expect(text).toMatch(/New hires or changed during the incident, at risk/);
      expect(text).toContain('Nina Newhire');
      const { text: audit } = await lockoutCard('', 'audit');
      expect(audit.split('\n')[0]).toMatch(/^Identity incident EN1032117/);
      expect(audit).toMatch(/Registration changed since the incident began/);
    } finally {
      t.sim.tenant.resolveIssue(CONTOSO.outageIssueId);
    }
  });

  describe('lockout <user>', () => {
    it('a new hire: which policies apply, not registered, no TAP, and the tap command', async () => {
      const { text } = await lockoutCard('nina');
      expect(text).toMatch(/At risk of lockout: "Require MFA for all users", "MFA for all staff except Seán" requires MFA/);
      expect(text).toMatch(/MFA registered: No/);
      expect(text).toMatch(/Temporary Access Pass: None/);
      expect(text).toMatch(/Report-only MFA for new hires \(sign-in; report-only, not counted\): applies/);
      expect(text).toContain(`tap ${U.nina.upn} <reason>`);
    });

    it('an excluded user names the exclusion, by group name or by name', async () => {
      const { text: bree } = await lockoutCard('bree');
      expect(bree).toMatch(/Require MFA for all users \(sign-in; enforced\): excluded through group Break-glass/);
      const { text: sean } = await lockoutCard("O'Brien");
      expect(sean).toMatch(/MFA for all staff except Seán \(sign-in; enforced\): excluded by name/);
    });

    it('a TAP holder is not at risk for now', async () => {
      const { text } = await lockoutCard('tara');
      expect(text).toMatch(/Not at risk for now: they hold a usable Temporary Access Pass/);
      expect(text).toMatch(/Temporary Access Pass: Usable until/);
    });
  });

  it('Graph refusing the policies is one sentence, not a card with made-up numbers', async () => {
    // A bot whose policy cache is empty, on its own tenant: a second bot on this one would not know how much of the
    // reports bucket the first has used, and Graph would refuse it (that is the instance share's job, not this test's).
    const fresh = await startTestBot();
    try {
      fresh.sim.faults.add({ path: '/identity/conditionalAccess/policies', status: 403 });
      const { final } = await finalAnswer(fresh, await fresh.send('lockout', hank));
      expect(final.body.attachments ?? []).toHaveLength(0);
      expect(final.body.text).toMatch(/^I'm not allowed to read the conditional access policies/);
    } finally {
      await fresh.close();
    }
  });
});
