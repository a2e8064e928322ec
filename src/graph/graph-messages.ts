import { formatUtc } from '../core/format';

/** What a Graph failure means for the person who asked, naming what the bot was reading. */
export const graphMessages = {
  noAnswer: (part: string) =>
    `Microsoft Graph didn't answer while I was reading ${part}. This is on Microsoft's side; try again in a few minutes.`,
  throttled: (part: string) => `Microsoft Graph is throttling requests, so I couldn't read ${part} right now. Try again in a minute.`,
  forbidden: (part: string) =>
    `I'm not allowed to read ${part} in this tenant. An admin needs to grant the bot's Graph permission (details are in the bot's log).`,
  notFound: (part: string) => `Microsoft Graph has no record of ${part}.`,
  badRequest: (part: string) => `Microsoft Graph rejected my request for ${part}.`,
  failed: (part: string, status: number) =>
    `Microsoft Graph failed (HTTP ${status}) while I was reading ${part}. This is on Microsoft's side; try again in a few minutes.`,
  failingSince: (part: string, since: number) =>
    `Microsoft Graph has been failing since ${formatUtc(since)}, so I didn't wait on it for ${part}; I'll keep checking and it should work again once Microsoft recovers.`,
  tapCodeMissing: () => 'Microsoft Graph created the pass but did not return its code.',
};
