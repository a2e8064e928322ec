import { describeDuration, formatUtc, truncate } from '../core/format';

/**
 * What the bot says in any turn, whatever the command: plain, specific, no cheerleading. Each feature keeps
 * its own sentences beside it (a `…-messages.ts` in each feature folder); cards hold their own labels.
 */
export const messages = {
  unknownCommand: (verb: string) => `I don't know "${truncate(verb, 40)}". Try help for the list, or status <user> to look someone up.`,
  empty: () => 'Say `help` to see what I can do.',
  usage: (usage: string) => `Usage: ${usage}`,
  notHelpdesk: (command: string) => `Only members of the helpdesk group can use \`${command}\`. Ask an admin to add you if you need it.`,
  noIdentity: (command: string) =>
    `I can't tell who you are in Microsoft Entra, so I can't let you use \`${command}\`. Try from Teams signed in with your work account.`,
  notFound: (term: string) => `I can't find "${truncate(term, 80)}" in the directory. Check the spelling, or use their sign-in address.`,
  pickOne: (term: string, count: number, more: boolean) =>
    `"${truncate(term, 80)}" matches ${more ? 'more than ' : ''}${count} people. Pick one, or type a full sign-in address.`,
  unexpected: (ref: string) => `Something went wrong on my side (ref ${ref}). The helpdesk admins can find the details in the bot's log.`,
  stillTrying: () => "Microsoft Graph is slow to answer; I'm still trying, and I'll put the answer here.",
  lastKnown: (at: number, now: number) =>
    `Microsoft Graph is failing; this is what I saw at ${formatUtc(at)} (${describeDuration(Math.max(0, now - at))} ago).`,
  graphDownNoLastKnown: (term: string, hours: number) =>
    `Microsoft Graph is failing, so I can't look up "${truncate(term, 80)}" right now, and I haven't looked them up in the last ${hours} hours. Try again once Microsoft recovers.`,
  tooLongForAUser: () => 'That name is too long to be a user. Type their sign-in address.',
  foreignTenant: () =>
    "I only work for the organisation that set me up, and this conversation belongs to another one, so I can't help here.",
  cardActionUnsupported: () => 'This card action is not supported by this version of mfa-bot.',
  cardActionFailed: (ref: string) => `Something went wrong on my side (ref ${ref}).`,
  /** The answer to an Action.Submit fallback click: the stored cards already show the outcome. */
  submittedActionDone: () => 'Done: the request cards show the decision.',
  csvNoIdentity: () => "I can't tell who you are in Microsoft Entra, so I can't give you a download link.",
  csvNotDelivered: () =>
    'I could not message you privately, so the CSV link is not shown here. Run `audit` in a personal chat with me to get it.',
  csvLinkPrivate: (url: string, expiresAt: number, what = 'MFA audit CSV') =>
    `Your ${what}: ${url} (works until ${formatUtc(expiresAt)}; don't share it).`,
};
