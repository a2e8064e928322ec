/** What a handler asks the bot to say; bot/ turns it into Teams activities. */
export type Reply = { kind: 'text'; text: string } | { kind: 'card'; card: AdaptiveCard; summary: string };

export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

export const text = (t: string): Reply => ({ kind: 'text', text: t });
export const card = (c: AdaptiveCard, summary: string): Reply => ({ kind: 'card', card: c, summary });
