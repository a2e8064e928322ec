import { truncate } from '../../core/format';

/** Every sentence of `health`, `subscribe`, `unsubscribe` and `subscriptions`. */
export const healthMessages = {
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
