import type { Reply } from '../../src/core/reply';
import type { TapAuditEntry } from '../../src/domain/tap-request';
import { messages } from '../../src/kit/messages';
import { runHistory } from '../../src/features/tap/history';
import { cardText } from '../helpers/card-text';
import { commandInput, fakeServices, FIXED_NOW, type FakeServices } from '../helpers/fakes';

function textOf(replies: Reply[]): string {
  expect(replies).toHaveLength(1);
  const [reply] = replies;
  return reply.kind === 'card' ? cardText(reply.card) : reply.text;
}

describe('history [<user>], from the store', () => {
  let s: FakeServices;
  beforeEach(async () => {
    s = fakeServices();
    const maria = { id: s.directory.addUser({ displayName: 'Maria Manager' }).id, name: 'Maria Manager' };
    const bob = s.directory.addUser({ displayName: 'Bob Baker' });
    const tara = s.directory.addUser({ displayName: 'Tara Tap' });
    const entry = (target: typeof bob, event: TapAuditEntry['event'], minutesAgo: number, extra: Partial<TapAuditEntry> = {}) =>
      s.store.tapRequests.audit({
        requestId: `req-${target.displayName}`,
        at: FIXED_NOW - minutesAgo * 60_000,
        event,
        target: { id: target.id, upn: target.userPrincipalName, name: target.displayName },
        reason: 'lost phone',
        lifetimeMinutes: 60,
        ...extra,
      });
    await entry(bob, 'requested', 30, { actor: { id: 'hank', name: 'Hank Helpdesk' } });
    await entry(bob, 'approved', 20, { actor: maria });
    await entry(bob, 'issued', 19, { detail: 'valid until 2025-06-02T09:41:00.000Z' });
    await entry(tara, 'requested', 10, { actor: { id: 'hank', name: 'Hank Helpdesk' } });
  });

  it('everyone: newest first, who did what', async () => {
    const lines = textOf(await runHistory(commandInput(''), s)).split('\n');
    expect(lines[0]).toBe('Recent TAP activity');
    expect(lines.filter((l) => l.startsWith('- '))).toEqual([
      '- 2025-06-02 08:50 UTC: Tara Tap requested by Hank Helpdesk; 1 hour; reason: lost phone',
      '- 2025-06-02 08:41 UTC: Bob Baker issued (valid until 2025-06-02T09:41:00.000Z); 1 hour; reason: lost phone',
      '- 2025-06-02 08:40 UTC: Bob Baker approved by Maria Manager; 1 hour; reason: lost phone',
      '- 2025-06-02 08:30 UTC: Bob Baker requested by Hank Helpdesk; 1 hour; reason: lost phone',
    ]);
  });

  it('one user: only their trail, found as status finds them', async () => {
    const text = textOf(await runHistory(commandInput('bob'), s));
    expect(text).toContain('TAP history for Bob Baker (bob.baker@contoso.example)');
    expect(text).not.toContain('Tara Tap');
    expect(text.match(/^- /gm)).toHaveLength(3);
  });

  it('a user without requests, and a name nobody has', async () => {
    s.directory.addUser({ displayName: 'Nina Newhire' });
    expect(textOf(await runHistory(commandInput('nina'), s))).toContain('No TAP requests recorded yet.');
    expect(textOf(await runHistory(commandInput('zed'), s))).toBe(messages.notFound('zed'));
  });
});
