import type { ConversationInfo } from '../../core/turn';
import { incidentLane } from '../incidents/incident-lanes';
import type { Services } from '../../services';

/** What Teams told us about the bot's place in a conversation (installationUpdate / conversationUpdate). */
export type MembershipEvent =
  | { kind: 'botAdded'; conversation: ConversationInfo }
  | { kind: 'botRemoved'; conversation: ConversationInfo }
  | { kind: 'channelDeleted'; conversation: ConversationInfo };

/**
 * Removed from a team or chat → its subscriptions pause (no sends into a conversation we're not in);
 * added back → they resume, and so do their outbox lanes, so what they are owed goes out. A deleted
 * channel's subscription pauses for good. No chat replies here.
 */
export async function onMembershipChange(e: MembershipEvent, services: Services): Promise<void> {
  const c = e.conversation;
  const now = services.clock.now();
  const subs = services.store.health.subscriptions;
  const match = c.teamId ? { teamId: c.teamId } : { key: c.id, conversationId: c.id };
  let changed = 0;
  if (e.kind === 'botRemoved') changed = await subs.setActive(match, false, 'bot removed from the conversation', now);
  else if (e.kind === 'botAdded') {
    changed = await subs.setActive(match, true, undefined, now);
    const back = (await subs.listActive()).filter((s) => (c.teamId ? s.teamId === c.teamId : s.key === c.id || s.conversationId === c.id));
    for (const s of back) await services.outbox.resumeLane(incidentLane(s.key));
  } else if (c.channelId) changed = await subs.setActive({ key: c.channelId }, false, 'channel deleted', now);
  if (changed)
    services.logger.info(
      { event: e.kind, team: c.teamId, conversation: c.teamId ? undefined : c.id, subscriptions: changed },
      'service health subscriptions updated after a membership change',
    );
}
