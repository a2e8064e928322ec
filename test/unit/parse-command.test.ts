import { firstWord, parseCommand } from '../../src/core/parse-command';
import { COMMANDS, findCommand } from '../../src/router/command-table';

describe('parseCommand', () => {
  it.each([
    ['status alice', 'status', 'alice'],
    ['STATUS Alice', 'status', 'Alice'],
    ["  status   Seán   O'Brien ", 'status', "Seán O'Brien"],
    ['<at>mfa-bot</at> health all', 'health', 'all'],
    ['/help', 'help', ''],
    ['tap bob@contoso.example lost phone', 'tap', 'bob@contoso.example lost phone'],
    ['status&nbsp;nina', 'status', 'nina'],
    ['', '', ''],
    ['   ', '', ''],
  ])('%j → %s %j', (input, verb, args) => {
    expect(parseCommand(input)).toEqual({ verb, args });
  });

  it('tolerates null and undefined', () => {
    expect(parseCommand(undefined)).toEqual({ verb: '', args: '' });
    expect(parseCommand(null)).toEqual({ verb: '', args: '' });
  });

  it('splits the first word from a reason', () => {
    expect(firstWord('bob lost his phone')).toEqual(['bob', 'lost his phone']);
    expect(firstWord('bob')).toEqual(['bob', '']);
  });
});

describe('command table', () => {
  it('has the grammar of every documented command, each once', () => {
    const names = COMMANDS.map((c) => c.name);
    expect(names).toEqual([
      'help',
      'status',
      'health',
      'subscribe',
      'unsubscribe',
      'subscriptions',
      'tap',
      'audit',
      'lockout',
      'impact',
      'report',
      'history',
      'notify',
    ]);
    expect(new Set(names).size).toBe(names.length);
    for (const c of COMMANDS) expect(c.usage.startsWith(c.name)).toBe(true);
  });

  it('keeps user data behind the helpdesk check', () => {
    for (const name of ['status', 'tap', 'audit', 'lockout', 'impact', 'report', 'history', 'notify'])
      expect(findCommand(name)?.access).toBe('helpdesk');
    expect(findCommand('help')?.access).toBe('anyone');
  });
});
