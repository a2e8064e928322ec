import type { Reply } from '../../src/core/reply';
import type { DirectoryUser } from '../../src/domain/directory-types';
import { runStatus } from '../../src/features/status/status';
import { messages } from '../../src/kit/messages';
import { cardText } from '../helpers/card-text';
import { commandInput, DAY_MS, fakeServices, FIXED_NOW, type FakeServices } from '../helpers/fakes';

const REGISTER_SECURITY_INFO = 'urn:user:registersecurityinfo';

function textOf(replies: Reply[]): string {
  expect(replies).toHaveLength(1);
  const [reply] = replies;
  return reply.kind === 'card' ? cardText(reply.card) : reply.text;
}

/** A tenant where MFA is required at sign-in and to register security info, and Maria manages people. */
function tenant(): { s: FakeServices; maria: DirectoryUser } {
  const s = fakeServices();
  s.conditionalAccess.addPolicy({ displayName: 'Require MFA for all users' });
  s.conditionalAccess.addPolicy({
    displayName: 'Require MFA to register security info',
    includeApplications: [],
    includeUserActions: [REGISTER_SECURITY_INFO],
  });
  return { s, maria: s.directory.addUser({ displayName: 'Maria Manager' }) };
}

describe('status <user>, against in-memory Graph ports', () => {
  it('a registered user: manager, methods, registered, no lockout risk', async () => {
    const { s, maria } = tenant();
    const alice = s.directory.addUser({ displayName: 'Alice Anders', manager: maria, jobTitle: 'Accountant' });
    s.authMethods.addMethods(alice.id, 'password', 'authenticator', 'phone');
    s.registrationReport.addRow(alice, { isMfaRegistered: true, methodsRegistered: ['microsoftAuthenticatorPush', 'mobilePhone'] });

    const text = textOf(await runStatus(commandInput('alice'), s));
    expect(text).toContain('alice.anders@contoso.example · Accountant');
    expect(text).toMatch(/Manager: Maria Manager/);
    expect(text).toMatch(/Registered: Yes/);
    expect(text).toMatch(/Microsoft Authenticator/);
    expect(text).toMatch(/Lockout risk: no\. MFA is required \("Require MFA for all users"\) and the user is registered\./);
    expect(text).toMatch(/Temporary Access Pass\nNone\./);
    expect(text).not.toMatch(/Not shown/);
  });

  it('an unregistered new hire is at risk, and the card offers the tap command for them', async () => {
    const { s, maria } = tenant();
    const nina = s.directory.addUser({
      displayName: 'Nina Newhire',
      manager: maria,
      createdDateTime: new Date(FIXED_NOW - 3 * DAY_MS).toISOString(),
    });
    s.authMethods.addMethods(nina.id, 'password');
    s.registrationReport.addRow(nina);

    const text = textOf(await runStatus(commandInput('nina'), s));
    expect(text).toMatch(/new hire, 3 days ago/);
    expect(text).toMatch(/Registered: No/);
    expect(text).toMatch(/Lockout risk: YES\. "Require MFA for all users" requires MFA/);
    expect(text).toContain('tap nina.newhire@contoso.example <reason>');
    expect(text).toMatch(/Registering security info also needs MFA/);
  });

  it('a usable TAP covers an unregistered user for now', async () => {
    const { s } = tenant();
    const tara = s.directory.addUser({ displayName: 'Tara Tap' });
    s.authMethods.giveTap(tara.id, { isUsableOnce: true });
    s.registrationReport.addRow(tara);

    const text = textOf(await runStatus(commandInput('tara'), s));
    expect(text).toMatch(/Active until 2025-06-02 10:00 UTC \(60 min, one-time\)/);
    expect(text).toMatch(/Lockout risk: no, for now/);
  });

  it('an ambiguous name gets one button per match, each sending the same verb with that UPN', async () => {
    const s = fakeServices();
    s.directory.addUser({ displayName: 'Sam Smith' });
    s.directory.addUser({ displayName: 'Sam Stone' });

    const [reply] = await runStatus(commandInput('sam'), s);
    expect(reply.kind).toBe('card');
    const actions = (reply as Extract<Reply, { kind: 'card' }>).card.actions as Array<{ title: string; data: { command: string } }>;
    expect(actions.map((a) => a.data.command)).toEqual(['status sam.smith@contoso.example', 'status sam.stone@contoso.example']);
    expect(cardText((reply as Extract<Reply, { kind: 'card' }>).card)).toContain(messages.pickOne('sam', 2, false));
  });

  it('nobody by that name is one sentence', async () => {
    expect(textOf(await runStatus(commandInput('nobody'), fakeServices()))).toBe(messages.notFound('nobody'));
  });

  it('a failing registration read becomes a "Not shown" note; registration is then judged by the methods', async () => {
    const { s, maria } = tenant();
    const alice = s.directory.addUser({ displayName: 'Alice Anders', manager: maria });
    s.authMethods.addMethods(alice.id, 'authenticator');
    s.registrationReport.addRow(alice, { isMfaRegistered: true });
    const failure = s.registrationReport.fail('getRegistration', 403);

    const replies = await runStatus(commandInput('alice'), s);
    expect(replies[0].kind).toBe('card');
    const text = textOf(replies);
    expect(text).toMatch(new RegExp(`Not shown\\n- ${escape(failure.userMessage)}`));
    expect(text).toMatch(/Registered: Yes/);
    expect(text).toMatch(/Lockout risk: no\./);
  });

  it('a user the report has no row for yet is judged by their methods, and nothing is missing', async () => {
    const { s } = tenant();
    s.directory.addUser({ displayName: 'Ned New', createdDateTime: new Date(FIXED_NOW - DAY_MS).toISOString() });

    const text = textOf(await runStatus(commandInput('ned'), s));
    expect(text).toMatch(/Registered: No/);
    expect(text).toMatch(/Lockout risk: YES/);
    expect(text).not.toMatch(/Not shown/);
  });

  it('unreadable policies leave the lockout risk unknown, said so, and the rest of the card stands', async () => {
    const { s } = tenant();
    const alice = s.directory.addUser({ displayName: 'Alice Anders' });
    s.authMethods.addMethods(alice.id, 'authenticator');
    const failure = s.conditionalAccess.fail('listPolicies', 429);

    const text = textOf(await runStatus(commandInput('alice'), s));
    expect(text).toMatch(/Lockout risk: unknown/);
    expect(text).toContain(failure.userMessage);
    expect(text).toMatch(/Registered: Yes/);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
