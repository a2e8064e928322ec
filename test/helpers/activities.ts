import { randomUUID } from 'node:crypto';

export interface Person {
  aadObjectId?: string;
  name: string;
}

export type Where =
  | { kind: 'personal'; conversationId?: string }
  | { kind: 'channel'; teamId?: string; channelId?: string; threadId?: string }
  | { kind: 'groupChat'; conversationId?: string };

export const TENANT_ID = '72f0c0de-0000-4000-8000-00000000beef';
export const BOT = { id: '28:mfa-bot-test', name: 'mfa-bot' };

/** A Teams-shaped message activity, as the Teams service posts it to /api/messages. */
export function messageActivity(opts: {
  text: string;
  from: Person;
  serviceUrl: string;
  where?: Where;
  value?: unknown;
  withMention?: boolean;
}) {
  const where = opts.where ?? { kind: 'personal' };
  const id = randomUUID();
  const fromId = `29:${opts.from.aadObjectId ?? randomUUID()}`;
  let conversation: Record<string, unknown>;
  let channelData: Record<string, unknown> = { tenant: { id: TENANT_ID } };
  if (where.kind === 'channel') {
    const channelId = where.channelId ?? '19:general@thread.tacv2';
    conversation = {
      id: `${channelId};messageid=${where.threadId ?? id}`,
      isGroup: true,
      conversationType: 'channel',
      tenantId: TENANT_ID,
    };
    channelData = { ...channelData, team: { id: where.teamId ?? '19:team@thread.tacv2' }, channel: { id: channelId } };
  } else if (where.kind === 'groupChat') {
    conversation = { id: where.conversationId ?? '19:group@thread.v2', isGroup: true, conversationType: 'groupChat', tenantId: TENANT_ID };
  } else {
    conversation = {
      id: where.conversationId ?? `a:personal-${opts.from.aadObjectId ?? 'anon'}`,
      conversationType: 'personal',
      tenantId: TENANT_ID,
    };
  }
  const mention = where.kind !== 'personal' || opts.withMention;
  return {
    type: 'message',
    id,
    timestamp: new Date().toISOString(),
    serviceUrl: opts.serviceUrl,
    channelId: 'msteams',
    from: { id: fromId, name: opts.from.name, aadObjectId: opts.from.aadObjectId },
    recipient: BOT,
    conversation,
    channelData,
    locale: 'en-US',
    text: mention ? `<at>mfa-bot</at> ${opts.text}` : opts.text,
    textFormat: 'plain',
    value: opts.value,
    entities: mention ? [{ type: 'mention', text: '<at>mfa-bot</at>', mentioned: { id: BOT.id, name: BOT.name } }] : [],
  };
}
