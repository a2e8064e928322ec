import type { Services } from '../services';
import type { CommandInput } from './context';
import type { Reply } from './reply';
import { runHelp } from '../handlers/help';
import { runStatus } from '../handlers/status';
import { notYetAvailable } from '../handlers/not-yet-available';

export type Access = 'anyone' | 'helpdesk';

export interface Command {
  name: string;
  usage: string;
  summary: string;
  access: Access;
  run(input: CommandInput, services: Services): Promise<Reply[]>;
}

/** The one list of commands: `help`, the dispatcher and the manifest check all read it. */
export const COMMANDS: Command[] = [
  { name: 'help', usage: 'help', summary: 'What I can do', access: 'anyone', run: async () => runHelp() },
  {
    name: 'status',
    usage: 'status <user>',
    summary: "A user's account, MFA methods, Temporary Access Pass and lockout risk",
    access: 'helpdesk',
    run: runStatus,
  },
  { name: 'health', usage: 'health [all]', summary: 'Microsoft 365 service health, identity services first', access: 'anyone', run: notYetAvailable('health') },
  {
    name: 'subscribe',
    usage: 'subscribe [all|<service>]',
    summary: 'Post identity incidents (or all, or one service) here as Microsoft updates them',
    access: 'helpdesk',
    run: notYetAvailable('subscribe'),
  },
  { name: 'unsubscribe', usage: 'unsubscribe', summary: 'Stop incident posts here', access: 'helpdesk', run: notYetAvailable('unsubscribe') },
  { name: 'subscriptions', usage: 'subscriptions', summary: 'What this conversation is subscribed to', access: 'anyone', run: notYetAvailable('subscriptions') },
  {
    name: 'tap',
    usage: 'tap <user> <reason>',
    summary: "Ask the user's manager to approve a Temporary Access Pass",
    access: 'helpdesk',
    run: notYetAvailable('tap'),
  },
  { name: 'audit', usage: 'audit', summary: 'Who is not MFA-registered or mid-registration', access: 'helpdesk', run: notYetAvailable('audit') },
  {
    name: 'lockout',
    usage: 'lockout [<user>]',
    summary: 'Which conditional access policies will lock people out while registration is down',
    access: 'helpdesk',
    run: notYetAvailable('lockout'),
  },
  { name: 'history', usage: 'history [<user>]', summary: 'Recent TAP requests and decisions', access: 'helpdesk', run: notYetAvailable('history') },
];

export function findCommand(verb: string): Command | undefined {
  return COMMANDS.find((c) => c.name === verb);
}
