import type { Reply } from '../../src/core/reply';
import { runLockout } from '../../src/features/scans/lockout';
import { cardText } from '../helpers/card-text';
import { commandInput, fakeServices, type FakeServices } from '../helpers/fakes';

async function lockoutCard(s: FakeServices, term: string): Promise<string> {
  const replies = await runLockout(commandInput(term), s);
  expect(replies).toHaveLength(1);
  expect(replies[0].kind).toBe('card');
  return cardText((replies[0] as Extract<Reply, { kind: 'card' }>).card);
}

describe('lockout <user>, against in-memory Graph ports', () => {
  let s: FakeServices;
  let breakGlassId: string;
  beforeEach(() => {
    s = fakeServices();
    breakGlassId = s.directory.addGroup('Break-glass accounts').id;
    s.conditionalAccess.addPolicy({
      displayName: 'Require MFA for all users',
      users: { includeUsers: ['All'], excludeGroups: [breakGlassId] },
    });
    s.conditionalAccess.addPolicy({ displayName: 'MFA for admins (report-only)', state: 'enabledForReportingButNotEnforced' });
  });

  it('an unregistered user the policy applies to is at risk, named by the policy, with the way in', async () => {
    const bob = s.directory.addUser({ displayName: 'Bob Baker' });
    s.registrationReport.addRow(bob);

    const text = await lockoutCard(s, 'bob');
    expect(text).toMatch(/At risk of lockout: "Require MFA for all users" requires MFA/);
    expect(text).toContain('Require MFA for all users (sign-in; enforced): applies');
    expect(text).toContain('MFA for admins (report-only) (sign-in; report-only, not counted): applies');
    expect(text).toContain('tap bob.baker@contoso.example <reason>');
  });

  it('an excluded user is not at risk, and the card names the group that excludes them', async () => {
    const bree = s.directory.addUser({ displayName: 'Bree Breakglass', memberOf: [breakGlassId] });
    s.registrationReport.addRow(bree);

    const text = await lockoutCard(s, 'bree');
    expect(text).toMatch(/Not at risk: no enforced MFA sign-in policy applies to them\./);
    expect(text).toContain('Require MFA for all users (sign-in; enforced): excluded through group Break-glass accounts');
  });

  it('when the group names are unreadable the group id is shown instead, and nothing else is lost', async () => {
    s.directory.addUser({ displayName: 'Bree Breakglass', memberOf: [breakGlassId] });
    s.directory.fail('getMembershipNames', 503);

    const text = await lockoutCard(s, 'bree');
    expect(text).toContain(`Require MFA for all users (sign-in; enforced): excluded through group ${breakGlassId}`);
    expect(text).toMatch(/Not at risk/);
  });
});
