import { TurnContext, type ConversationParameters, type ConversationReference } from 'botbuilder';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { Reply } from '../core/reply';
import { NotifyError, type ConversationRef, type Notifier, type Sent } from '../ports/notifier';
import { toActivity } from './to-activity';

/**
 * Proactive messages through CloudAdapter. botbuilder routes errors thrown inside the callback to
 * onTurnError, so each callback catches its own failure and hands it back to the caller as a NotifyError.
 */
export class TeamsNotifier implements Notifier {
  constructor(
    private readonly adapter: TeamsAdapter,
    private readonly botAppId: string,
  ) {}

  async send(ref: ConversationRef, reply: Reply): Promise<Sent> {
    return this.within(ref, async (ctx) => {
      const res = await ctx.sendActivity(toActivity(reply));
      return { activityId: res?.id ?? '', ref: referenceOf(ctx) };
    });
  }

  async update(ref: ConversationRef, activityId: string, reply: Reply): Promise<void> {
    await this.within(ref, async (ctx) => {
      await ctx.updateActivity({ ...toActivity(reply), id: activityId });
    });
  }

  async startThread(ref: ConversationRef, channelId: string, reply: Reply): Promise<Sent> {
    const r = ref as Partial<ConversationReference>;
    const params = {
      isGroup: true,
      channelData: { channel: { id: channelId } },
      activity: toActivity(reply),
      tenantId: r.conversation?.tenantId,
    } as ConversationParameters;
    return this.create(r.serviceUrl ?? '', params, async (ctx) => ({
      // The created conversation is the thread; its id ends with ;messageid=<root activity id>.
      activityId: String(ctx.activity.conversation.id.split(';messageid=')[1] ?? ctx.activity.id ?? ''),
      ref: referenceOf(ctx),
    }));
  }

  async sendToUser(user: { aadObjectId: string; tenantId: string; serviceUrl: string }, reply: Reply): Promise<Sent> {
    const params = {
      isGroup: false,
      bot: { id: this.botAppId ? `28:${this.botAppId}` : '', name: 'mfa-bot' },
      members: [{ id: user.aadObjectId, aadObjectId: user.aadObjectId }],
      tenantId: user.tenantId,
      channelData: { tenant: { id: user.tenantId } },
    } as unknown as ConversationParameters;
    return this.create(user.serviceUrl, params, async (ctx) => {
      const res = await ctx.sendActivity(toActivity(reply));
      return { activityId: res?.id ?? '', ref: referenceOf(ctx) };
    });
  }

  private within<T>(ref: ConversationRef, logic: (ctx: TurnContext) => Promise<T>): Promise<T> {
    return captured(
      (turn) => this.adapter.continueConversationAsync(this.botAppId, ref as Partial<ConversationReference>, turn),
      logic,
      'the proactive turn did not run',
    );
  }

  private create<T>(serviceUrl: string, params: ConversationParameters, logic: (ctx: TurnContext) => Promise<T>): Promise<T> {
    return captured(
      (turn) => this.adapter.createConversationAsync(this.botAppId, 'msteams', serviceUrl, '', params, turn),
      logic,
      'the conversation was not created',
    );
  }
}

/** Runs `logic` inside a proactive turn and returns its outcome; a failure comes back as a NotifyError. */
async function captured<T>(
  start: (turn: (ctx: TurnContext) => Promise<void>) => Promise<void>,
  logic: (ctx: TurnContext) => Promise<T>,
  missing: string,
): Promise<T> {
  let result: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
  try {
    await start(async (ctx) => {
      try {
        result = { ok: true, value: await logic(ctx) };
      } catch (error) {
        result = { ok: false, error };
      }
    });
  } catch (error) {
    throw toNotifyError(error);
  }
  if (!result) throw new NotifyError(undefined, undefined, undefined, missing);
  if (!result.ok) throw toNotifyError(result.error);
  return result.value;
}

function referenceOf(ctx: TurnContext): ConversationRef {
  return JSON.parse(JSON.stringify(TurnContext.getConversationReference(ctx.activity))) as ConversationRef;
}

/** Bot Connector failures arrive as RestErrors; keep the status, Teams' error code and Retry-After. */
export function toNotifyError(error: unknown): NotifyError {
  if (error instanceof NotifyError) return error;
  const e = error as {
    statusCode?: number;
    code?: string;
    message?: string;
    response?: { status?: number; headers?: { get?(n: string): string | undefined }; bodyAsText?: string; parsedBody?: unknown };
  };
  const status = e?.statusCode ?? e?.response?.status;
  const parsed = (e?.response?.parsedBody ?? safeJson(e?.response?.bodyAsText)) as
    { error?: { code?: string; subCode?: string } } | undefined;
  // A user who blocked or uninstalled the bot: Teams says so in the subCode of a 403.
  const blocked = parsed?.error?.subCode === 'MessageWritesBlocked' ? 'MessageWritesBlocked' : undefined;
  const code = blocked ?? parsed?.error?.code ?? (typeof e?.code === 'string' && !/^[A-Z_]+$/.test(e.code) ? e.code : undefined);
  const retryAfter = Number(e?.response?.headers?.get?.('retry-after'));
  return new NotifyError(
    typeof status === 'number' ? status : undefined,
    code,
    Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined,
    `Bot Connector refused the message${status ? ` (HTTP ${status}${code ? ` ${code}` : ''})` : ''}: ${e?.message ?? String(error)}`,
  );
}

function safeJson(text: string | undefined): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
