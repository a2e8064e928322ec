import { renderHelpCard } from '../cards/help-card';
import { card, type Reply } from '../commands/reply';

export async function runHelp(): Promise<Reply[]> {
  // Imported lazily to keep the command table free of a cycle (the card lists the table).
  const { COMMANDS } = await import('../commands/command-table');
  return [card(renderHelpCard(COMMANDS), 'mfa-bot commands')];
}
