import type { AdaptiveCard } from '../commands/reply';
import { adaptiveCard, facts, heading, textBlock } from './parts';

export function renderHelpCard(commands: Array<{ usage: string; summary: string }>): AdaptiveCard {
  return adaptiveCard([
    ...heading('mfa-bot', 'Identity incident response in Teams'),
    facts(commands.map((c) => [c.usage, c.summary])),
    textBlock('In a channel, mention me first: `@mfa-bot status alice`.', { isSubtle: true, size: 'Small' }),
  ]);
}
