import type { AdaptiveCard } from '../core/reply';
import { adaptiveCard, command, facts, heading, md, textBlock } from '../kit/card-parts';

export function renderHelpCard(commands: Array<{ usage: string; summary: string }>): AdaptiveCard {
  return adaptiveCard([
    ...heading('mfa-bot', 'Identity incident response in Teams'),
    facts(commands.map((c) => [md(c.usage), md(c.summary)])),
    textBlock(`In a channel, mention me first: ${command('@mfa-bot status alice')}.`, { isSubtle: true, size: 'Small' }),
  ]);
}
