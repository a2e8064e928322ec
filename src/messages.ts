/** Every sentence the bot says outside cards. Plain, specific, no cheerleading. */
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
  unknownService: (name: string, known: string[]) =>
    `Microsoft doesn't report a service called "${truncate(name, 60)}" for this tenant. Pick one of: ${known.join(', ')}.`,
  subscribed: (where: string, what: string, pollSeconds: number) =>
    `Subscribed: I'll post ${what} incidents and advisories in ${where} and update them as Microsoft does. Anything already open arrives within ${pollSeconds} seconds.`,
  notSubscribed: (where: string) =>
    `${where[0].toUpperCase()}${where.slice(1)} isn't subscribed to service health. Type \`subscribe\` to follow identity incidents.`,
  notSubscribedTo: (name: string, current: string[]) =>
    `This conversation doesn't follow "${truncate(name, 60)}". It follows: ${current.join(', ')}.`,
  unsubscribed: (where: string) => `Unsubscribed: no more incident posts in ${where}.`,
  unsubscribedFrom: (what: string) => `Unsubscribed from ${what}; the other subscriptions here stay.`,
  subscriptionList: (where: string, what: string[], active: boolean) =>
    `${where[0].toUpperCase()}${where.slice(1)} follows ${what.join(', ')}.${active ? '' : ' Posting is paused because the bot was removed here; add it back to resume.'}`,
};

export function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
