import { renderStatusCard } from './status-card';
import { lookUp } from './look-up';
import { card, text, type Reply } from '../../core/reply';
import type { CommandInput } from '../../core/turn';
import { messages } from '../../kit/messages';
import type { Services } from '../../services';
import { isGraphDown, keepCard, lastKnownReply } from '../../kit/last-known';

/** `status <user>`: one round trip for an exact id or sign-in name; a search and one round trip otherwise. */
export async function runStatus(input: CommandInput, services: Services): Promise<Reply[]> {
  const term = input.args.trim();
  if (!term) return [text(messages.usage('status <user>'))];
  let found: Awaited<ReturnType<typeof lookUp>>;
  try {
    found = await lookUp(term, 'status', services);
  } catch (e) {
    // Graph failing: what the card said last time, with its age, beats a sentence.
    if (!isGraphDown(e)) throw e;
    const kept = await lastKnownReply(services, 'status', term);
    if (kept) return [kept];
    throw e;
  }
  if ('reply' in found) return [found.reply];
  const u = found.status.user;
  const reply = card(renderStatusCard(found.status, services.clock.now(), services.config.NEW_HIRE_DAYS), `MFA status of ${u.displayName}`);
  const keys = [u.id, u.userPrincipalName, u.userPrincipalName.split('@')[0], u.mail ?? '', u.displayName];
  await keepCard(services, 'status', keys, reply);
  return [reply];
}
