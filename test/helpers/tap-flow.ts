import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTOSO } from '../../src/simulator/seed/contoso';
import { BOT, TENANT_ID, type Person, type Where } from './activities';
import type { ConnectorCall } from './connector-stand-in';
import { cardOf, cardText } from './card-text';
import { finalAnswer } from './progress';
import type { TestBot } from './test-bot';

export const U = CONTOSO.users;
export const person = (key: keyof typeof U): Person & { aadObjectId: string } => ({ aadObjectId: U[key].id, name: U[key].displayName });

/** A Universal Action invoke exactly as Teams posts it when someone clicks an Action.Execute button. */
export function invokeActivity(opts: {
  from: Person & { aadObjectId: string };
  verb: string;
  data: Record<string, unknown>;
  replyToId?: string;
  conversationId: string;
  serviceUrl: string;
  trigger?: 'manual' | 'automatic';
}) {
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    serviceUrl: opts.serviceUrl,
    channelId: 'msteams',
    from: { id: `29:${opts.from.aadObjectId}`, name: opts.from.name, aadObjectId: opts.from.aadObjectId },
    recipient: BOT,
    conversation: { id: opts.conversationId, conversationType: 'personal', tenantId: TENANT_ID },
    channelData: { tenant: { id: TENANT_ID } },
    replyToId: opts.replyToId,
    locale: 'en-US',
    value: { action: { type: 'Action.Execute', id: randomUUID(), verb: opts.verb, data: opts.data }, trigger: opts.trigger ?? 'manual' },
  };
}

/** POSTs an invoke and returns Teams' view of the answer: HTTP status and the {statusCode, type, value} body. */
export async function click(t: TestBot, opts: Omit<Parameters<typeof invokeActivity>[0], 'serviceUrl'>) {
  const res = await t.post(invokeActivity({ ...opts, serviceUrl: t.connector.url }));
  const body = (await res.json().catch(() => undefined)) as { statusCode: number; type: string; value: any } | undefined;
  return { http: res.status, body: body! };
}

/**
 * What the bot finally said to a message: its reply or, when the request waited for the reports bucket longer than
 * the few seconds before the bot says it is still trying, that message's update.
 */
export async function said(t: TestBot, text: string, from: Person, where?: Where): Promise<string> {
  const { final } = await finalAnswer(t, await t.send(text, from, where));
  return final.body.text;
}

/** The 1:1 conversation the bot opened with a user (createConversation with that member), if any. */
export function oneOnOneWith(t: TestBot, aadObjectId: string): string | undefined {
  const create = t.connector.calls
    .filter((c) => c.method === 'POST' && c.path === '/v3/conversations' && c.body?.members?.[0]?.id === aadObjectId && c.status < 300)
    .pop();
  return create?.conversationId;
}

/** The approval card posted into an approver's 1:1 chat: its message, card and the request id it carries. */
export function approvalCardFor(
  t: TestBot,
  aadObjectId: string,
): { call: ConnectorCall; card: any; requestId: string; conversationId: string } {
  const conversationId = oneOnOneWith(t, aadObjectId);
  if (!conversationId) throw new Error(`no 1:1 chat was opened with ${aadObjectId}`);
  const call = t.connector
    .messages({ conversationId })
    .filter((c) => cardOf(c))
    .pop();
  if (!call) throw new Error(`no card in the 1:1 chat with ${aadObjectId}`);
  const card = cardOf(call);
  return { call, card, requestId: card.refresh.action.data.requestId, conversationId };
}

/** The latest version of a message: the last PUT to its id, else the original POST. */
export function latestCard(t: TestBot, call: ConnectorCall): any {
  const put = t.connector.calls.filter((c) => c.method === 'PUT' && c.activityId === call.id && c.status < 300).pop();
  return cardOf(put ?? call);
}

/**
 * Waits until the bot has updated `call`'s card to match `pattern` and returns that card: a pass that was still
 * being created when the click was answered ("creating the pass…") updates every stored card once it is done.
 */
export async function cardUpdated(t: TestBot, call: ConnectorCall, pattern: RegExp, timeoutMs = 20_000): Promise<any> {
  await t.connector.waitFor(() => pattern.test(cardText(latestCard(t, call))), timeoutMs);
  return latestCard(t, call);
}

export function tapPosts(t: TestBot, status?: number) {
  return t.sim.calls.filter(
    (c) => c.method === 'POST' && /temporaryAccessPassMethods$/.test(c.path) && (status === undefined || c.status === status),
  );
}

/** Every TAP code that exists or was handed out: from the simulated tenant and from the pass messages. */
export function knownCodes(t: TestBot): string[] {
  const codes = new Set<string>();
  for (const key of Object.keys(U) as Array<keyof typeof U>) {
    const user = t.sim.tenant.findUser(U[key].id);
    for (const m of user ? t.sim.tenant.methodsOf(user) : [])
      if (m.kind === 'temporaryAccessPass' && m.temporaryAccessPass) codes.add(m.temporaryAccessPass);
  }
  for (const c of t.connector.calls) {
    const text = c.body?.text;
    if (typeof text === 'string' && text.startsWith('Temporary Access Pass for')) codes.add(/`([^`]+)`/.exec(text)![1]);
  }
  return [...codes];
}

/** Pass messages (the only place a code may appear), in order. */
export function passMessages(t: TestBot): ConnectorCall[] {
  return t.connector.calls.filter(
    (c) => c.method === 'POST' && typeof c.body?.text === 'string' && c.body.text.startsWith('Temporary Access Pass for'),
  );
}

/**
 * The code never leaks: each code appears in at most one Bot Connector call, a POST into the requester's
 * own 1:1 chat; never in a channel, another chat, a card update, a log line or the database file's bytes.
 */
export function expectCodesSecret(t: TestBot, requesterIds: string[]): void {
  const allowed = new Set(requesterIds.flatMap((id) => [oneOnOneWith(t, id), `a:personal-${id}`]).filter(Boolean) as string[]);
  const dbBytes = ['mfa-bot.db', 'mfa-bot.db-wal']
    .map((f) => join(t.dataDir, f))
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f).toString('latin1'));
  for (const code of knownCodes(t)) {
    const carrying = t.connector.calls.filter((c) => JSON.stringify(c.body ?? '').includes(JSON.stringify(code).slice(1, -1)));
    for (const c of carrying) {
      if (c.method !== 'POST' || !allowed.has(c.conversationId)) throw new Error(`TAP code leaked to ${c.method} ${c.path}`);
    }
    if (carrying.length > 1) throw new Error(`TAP code sent ${carrying.length} times`);
    const leakedLog = t.logs.find((l) => l.includes(code));
    if (leakedLog) throw new Error(`TAP code in a log line: ${leakedLog.slice(0, 120)}`);
    if (dbBytes.some((b) => b.includes(code))) throw new Error('TAP code in the database file');
  }
}
