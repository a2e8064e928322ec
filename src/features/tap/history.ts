import { renderTapHistoryCard } from './history-card';
import type { CommandInput } from '../../core/turn';
import { card, type Reply } from '../../core/reply';
import type { Services } from '../../services';
import { findOne } from '../../kit/find-user';

const SHOWN = 20;
/** How far back the trail is searched for a person by name before asking the directory. */
const LOCAL_SEARCH = 500;

/**
 * `history [<user>]`: the recent TAP audit trail, for everyone or one user. It is the bot's own data, so a
 * person named as they appear in the trail (sign-in name, its first part, or display name) is found without
 * Graph; anyone else is looked up in the directory as `status` does.
 */
export async function runHistory(input: CommandInput, services: Services): Promise<Reply[]> {
  const term = input.args.trim();
  if (!term) {
    const entries = await services.store.tapRequests.history({ limit: SHOWN });
    return [card(renderTapHistoryCard(entries), 'Recent TAP activity')];
  }
  const t = term.toLowerCase();
  const known = (await services.store.tapRequests.history({ limit: LOCAL_SEARCH })).find(
    (e) => e.target.upn.toLowerCase() === t || e.target.upn.toLowerCase().split('@')[0] === t || e.target.name.toLowerCase() === t,
  );
  const target = known
    ? { id: known.target.id, displayName: known.target.name, userPrincipalName: known.target.upn }
    : await findOne(term, 'history', services).then((found) => ('reply' in found ? found : found.user));
  if ('reply' in target) return [target.reply];
  const entries = await services.store.tapRequests.history({ targetId: target.id, limit: SHOWN });
  return [
    card(renderTapHistoryCard(entries, `${target.displayName} (${target.userPrincipalName})`), `TAP history for ${target.displayName}`),
  ];
}
