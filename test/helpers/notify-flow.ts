import type { Campaign } from '../../src/domain/campaign';
import { CONTOSO } from '../../src/simulator/seed/contoso';
import type { Tenant } from '../../src/simulator/tenant';
import { cardOf, cardText } from './card-text';
import type { ConnectorCall } from './connector-stand-in';
import { factsOf } from './enrolment-expectations';
import { finalAnswer } from './progress';
import type { Person, Where } from './activities';
import type { TestBot } from './test-bot';

export const CONTACT = '+1 425 555 0100';
export const NOTIFY_ENV = {
  HELPDESK_GROUP_ID: CONTOSO.groups.helpdesk,
  HELPDESK_CONTACT: CONTACT,
  TEAMS_APP_CATALOG_ID: CONTOSO.teamsApp.id,
};

/** The 1:1 chat the simulator opens between a user and the bot when it installs it for them. */
export const installedChat = (userId: string) => `19:${userId}_${CONTOSO.teamsApp.botId}@unq.gbl.spaces`;
/** The 1:1 chat a user has when they talked to the bot themselves (test/helpers/activities.ts). */
export const ownChat = (userId: string) => `a:personal-${userId}`;

/** The oracle, from the tenant's data alone: who the Contoso policies lock out ("MFA for all users" minus break-glass). */
export function atRiskIds(tenant: Tenant): string[] {
  const breakGlass = tenant.groups.get(CONTOSO.groups.breakGlass)!.members;
  return factsOf(tenant, tenant.now(), 14)
    .filter((f) => !f.registered && !f.tapUsable && f.user.accountEnabled !== false && !breakGlass.has(f.user.id))
    .map((f) => f.user.id);
}

const isCampaignCard = (card: any) =>
  card?.refresh?.action?.verb === 'notify.refresh' || (card?.actions ?? []).some((a: any) => String(a.verb).startsWith('notify.'));

/** The helpdesk's own cards (campaign, preview) show the notice too: they are not notices. */
const isHelpdeskCard = (card: any) => isCampaignCard(card) || /^Preview: /m.test(cardText(card));

/** The latest confirmation card posted into a conversation: its message, card and campaign id. */
export function campaignCardIn(t: TestBot, conversationId: string, since = 0): { call: ConnectorCall; card: any; campaignId: string } {
  const call = t.connector.calls
    .slice(since)
    .filter((c) => c.method === 'POST' && c.status < 300 && c.conversationId === conversationId && isCampaignCard(cardOf(c)))
    .pop();
  if (!call) throw new Error(`no campaign card in ${conversationId}`);
  const card = cardOf(call);
  const campaignId = (card.actions ?? []).find((a: any) => a.data?.campaignId)?.data.campaignId ?? card.refresh?.action?.data?.campaignId;
  return { call, card, campaignId };
}

/** Waits for a campaign card posted into the conversation after `since` (the all-clear's goes through the outbox). */
export async function campaignCardPosted(t: TestBot, conversationId: string, since: number): Promise<ReturnType<typeof campaignCardIn>> {
  await t.connector.waitFor(() => {
    try {
      return Boolean(campaignCardIn(t, conversationId, since));
    } catch {
      return false;
    }
  });
  return campaignCardIn(t, conversationId, since);
}

/** The card as it reads now: the last update of its message, else the message as posted. */
export function currentCard(t: TestBot, call: ConnectorCall): any {
  const put = t.connector.calls.filter((c) => c.method === 'PUT' && c.activityId === call.id && c.status < 300).pop();
  return cardOf(put ?? call);
}

/** Waits until the card's message, updated in place, matches `pattern`; returns its text. */
export async function cardReads(t: TestBot, call: ConnectorCall, pattern: RegExp, timeoutMs = 15_000): Promise<string> {
  await t.connector.waitFor(() => pattern.test(cardText(currentCard(t, call))), timeoutMs);
  return cardText(currentCard(t, call));
}

/** Every notice Teams accepted, by conversation: the card that ends with "… for the helpdesk. To reach the helpdesk:". */
export function noticesSent(t: TestBot, since = 0): Array<{ conversationId: string; text: string }> {
  return t.connector.calls
    .slice(since)
    .filter(
      (c) =>
        c.method === 'POST' &&
        c.status < 300 &&
        !isHelpdeskCard(cardOf(c)) &&
        /for the helpdesk\. To reach the helpdesk:/.test(cardText(cardOf(c))),
    )
    .map((c) => ({ conversationId: c.conversationId, text: cardText(cardOf(c)) }));
}

/** How many notices went to each conversation. */
export function perConversation(notices: Array<{ conversationId: string }>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const n of notices) counts.set(n.conversationId, (counts.get(n.conversationId) ?? 0) + 1);
  return counts;
}

/** Sends a notify command and waits for the bot's last word (a slow count answers through its progress message). */
export async function notify(t: TestBot, args: string, from: Person, where?: Where) {
  const sent = await t.send(`notify ${args}`, from, where);
  const answer = await finalAnswer(t, sent);
  return { sent, answer, said: answer.final.body.text as string | undefined, conversationId: sent.activity.conversation.id as string };
}

/** Ticks the campaign worker until the campaign reaches one of `statuses`. */
export async function campaignReaches(t: TestBot, id: string, statuses: Campaign['status'][], timeoutMs = 30_000): Promise<Campaign> {
  const start = Date.now();
  for (;;) {
    await t.bot.campaigns.tick();
    const c = await t.bot.services.store.campaigns.get(id);
    if (c && statuses.includes(c.status)) return c;
    if (Date.now() - start > timeoutMs) throw new Error(`campaign ${id} is ${c?.status}, not ${statuses.join('/')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
