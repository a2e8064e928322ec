import { renderTapHistoryCard } from './history-card';
import type { CommandInput } from '../core/turn';
import { card, type Reply } from '../core/reply';
import type { Services } from '../services';
import { findOne } from '../handlers/find-user';

const SHOWN = 20;

/** `history [<user>]`: the recent TAP audit trail, for everyone or one user. */
export async function runHistory(input: CommandInput, services: Services): Promise<Reply[]> {
  const term = input.args.trim();
  if (!term) {
    const entries = await services.store.tapRequests.history({ limit: SHOWN });
    return [card(renderTapHistoryCard(entries), 'Recent TAP activity')];
  }
  const found = await findOne(term, 'history', services);
  if ('reply' in found) return [found.reply];
  const u = found.user;
  const entries = await services.store.tapRequests.history({ targetId: u.id, limit: SHOWN });
  return [card(renderTapHistoryCard(entries, `${u.displayName} (${u.userPrincipalName})`), `TAP history for ${u.displayName}`)];
}
