import type { Services } from '../services';
import type { CommandInput } from '../core/turn';
import { card, type Reply } from '../core/reply';
import { renderHelpCard } from './help-card';
import { runStatus } from '../features/status/status';
import { runAudit } from '../features/scans/audit';
import { runLockout } from '../features/scans/lockout';
import { runTap } from '../features/tap/request-pass';
import { runHistory } from '../features/tap/history';
import { runHealth } from '../features/service-health/health';
import { runSubscribe, runSubscriptions, runUnsubscribe } from '../features/service-health/subscribe';
import { runNotify } from '../features/notify/notify-command';
import { runImpact } from '../features/impact/impact-command';
import { runReport } from '../features/incidents/report';

export type Access = 'anyone' | 'helpdesk';

/** Where Teams offers the command as a suggestion (the manifest's commandLists, at most 10 per scope). */
export type CommandScope = 'personal' | 'team' | 'groupChat';
const EVERYWHERE: readonly CommandScope[] = ['personal', 'team', 'groupChat'];

export interface Command {
  name: string;
  usage: string;
  summary: string;
  access: Access;
  /** Scopes whose suggestion list shows it; `help` always lists every command. */
  listed: readonly CommandScope[];
  /** Reads only the bot's own data: a confirmed helpdesk member never waits on Graph for it. */
  localOnly?: boolean;
  run(input: CommandInput, services: Services): Promise<Reply[]>;
}

/** The one list of commands: `help`, the dispatcher and the manifest's command lists are all generated from it. */
export const COMMANDS: Command[] = [
  {
    name: 'help',
    usage: 'help',
    summary: 'What I can do',
    access: 'anyone',
    listed: EVERYWHERE,
    run: async () => [card(renderHelpCard(COMMANDS), 'mfa-bot commands')],
  },
  {
    name: 'status',
    usage: 'status <user>',
    summary: "A user's account, MFA methods, Temporary Access Pass and lockout risk",
    access: 'helpdesk',
    listed: EVERYWHERE,
    run: runStatus,
  },
  {
    name: 'health',
    usage: 'health [all]',
    summary: 'Microsoft 365 service health, identity services first',
    access: 'anyone',
    listed: EVERYWHERE,
    run: runHealth,
  },
  {
    name: 'subscribe',
    usage: 'subscribe [all|<service>]',
    summary: 'Post identity incidents (or all, or one service) here as Microsoft updates them',
    access: 'helpdesk',
    listed: EVERYWHERE,
    run: runSubscribe,
  },
  {
    name: 'unsubscribe',
    usage: 'unsubscribe',
    summary: 'Stop incident posts here',
    access: 'helpdesk',
    listed: EVERYWHERE,
    run: runUnsubscribe,
  },
  {
    name: 'subscriptions',
    usage: 'subscriptions',
    summary: 'What this conversation is subscribed to',
    access: 'anyone',
    // Not suggested anywhere, to make room for notify (Teams shows at most 10 per scope); `help` lists it.
    listed: [],
    run: runSubscriptions,
  },
  {
    name: 'tap',
    usage: 'tap <user> <reason>',
    summary: "Ask the user's manager to approve a Temporary Access Pass",
    access: 'helpdesk',
    listed: EVERYWHERE,
    run: runTap,
  },
  {
    name: 'audit',
    usage: 'audit',
    summary: 'Who is not MFA-registered or mid-registration',
    access: 'helpdesk',
    listed: EVERYWHERE,
    run: runAudit,
  },
  {
    name: 'lockout',
    usage: 'lockout [<user>]',
    summary: 'Which conditional access policies will lock people out while registration is down',
    access: 'helpdesk',
    listed: EVERYWHERE,
    run: runLockout,
  },
  {
    name: 'impact',
    usage: 'impact [<minutes>]',
    summary: 'Who already failed to sign in with a lockout code and has not got in since (sign-in logs)',
    access: 'helpdesk',
    // Teams suggests at most 10 commands per scope and those are taken; the runbook on incident cards offers it.
    listed: [],
    run: runImpact,
  },
  {
    name: 'report',
    usage: 'report [<incident id>]',
    summary: "An identity incident's report: Microsoft's posts, TAP requests, sign-in impact, notices, the runbook",
    access: 'helpdesk',
    listed: [],
    localOnly: true,
    run: runReport,
  },
  {
    name: 'history',
    usage: 'history [<user>]',
    summary: 'Recent TAP requests and decisions',
    access: 'helpdesk',
    listed: EVERYWHERE,
    localOnly: true,
    run: runHistory,
  },
  {
    name: 'notify',
    usage: 'notify [preview] [managers] <at-risk|unregistered|new-hires> <message> | notify status',
    summary: 'Tell a cohort, or their managers, what is happening and how to reach the helpdesk; confirmed before anything is sent',
    access: 'helpdesk',
    listed: EVERYWHERE,
    run: runNotify,
  },
];

export function findCommand(verb: string): Command | undefined {
  return COMMANDS.find((c) => c.name === verb);
}
