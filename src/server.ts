import restify, { type Server } from 'restify';
import type { Logger } from './logger';

export interface ServerDeps {
  logger: Logger;
  version: string;
  /** Hands a validated activity to the bot; resolves once the HTTP response has been written. */
  processActivity(req: restify.Request, res: restify.Response): Promise<void>;
  health(): Promise<Record<string, unknown>>;
  /** Features that serve their own GET routes (e.g. export downloads) register them here. */
  extraRoutes?(server: Server): void;
}

const MAX_BODY_BYTES = 256 * 1024;
/**
 * Teams activities are a few levels deep (an invoke's card data perhaps ten); anything deeper is refused before
 * botbuilder copies it recursively (the conversation reference copy overflows the stack a few thousand levels down).
 */
export const MAX_ACTIVITY_DEPTH = 64;
/** Fields Bot Framework reads as lists of objects (it dereferences each element): absent, null, or objects only. */
const OBJECT_LISTS = ['membersAdded', 'membersRemoved', 'entities', 'attachments', 'reactionsAdded', 'reactionsRemoved'] as const;

type RestifyError = Error & { statusCode?: number; toJSON?: () => unknown };

/** HTTP only: POST /api/messages and GET /healthz. Bad requests get 4xx; nothing here answers 500 to Teams. */
export function createServer(deps: ServerDeps): Server {
  const server = restify.createServer({ name: 'mfa-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false, rejectUnknown: false }));

  server.post('/api/messages', async (req, res) => {
    const problem = activityProblem(req.body);
    if (problem) {
      res.send(400, { error: { code: 'BadRequest', message: problem } });
      return;
    }
    try {
      await deps.processActivity(req, res);
    } catch (err) {
      deps.logger.error({ err }, 'activity processing failed');
      if (!res.headersSent) res.send(400, { error: { code: 'BadRequest', message: 'The activity could not be processed.' } });
    }
  });

  // Always 200 while the bot itself is up (Microsoft failing is not the bot down); a probe that wants to
  // route around a degraded instance asks with ?strict=1 and gets 503 then.
  server.get('/healthz', async (req, res) => {
    const health = await deps.health();
    const strict = new URL(req.url ?? '/', 'http://localhost').searchParams.get('strict') === '1';
    res.send(strict && health.degraded === true ? 503 : 200, { status: 'ok', version: deps.version, ...health });
  });

  deps.extraRoutes?.(server);

  server.on('restifyError', (_req: unknown, _res: unknown, err: RestifyError, callback: () => unknown) => {
    // restify's own 4xx (malformed JSON, body too large, unknown route) keep their status; the body stays plain.
    err.toJSON = () => ({ error: { code: err.name ?? 'Error', message: (err.statusCode ?? 500) >= 500 ? 'Internal error' : err.message } });
    return callback();
  });
  return server;
}

/** The minimum Bot Framework and teams-ai need; anything less is the caller's mistake, not ours. */
export function activityProblem(body: unknown): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'The body must be a Bot Framework activity (a JSON object).';
  if (depthExceeds(body, MAX_ACTIVITY_DEPTH)) return `The activity is nested too deeply (more than ${MAX_ACTIVITY_DEPTH} levels).`;
  type Part = { id?: unknown } | undefined;
  const a = body as {
    type?: unknown;
    serviceUrl?: unknown;
    channelId?: unknown;
    conversation?: Part;
    from?: Part;
    recipient?: Part;
    text?: unknown;
  };
  if (typeof a.type !== 'string' || !a.type) return 'The activity has no type.';
  if (typeof a.serviceUrl !== 'string' || !/^https?:\/\//i.test(a.serviceUrl)) return 'The activity has no valid serviceUrl.';
  if (typeof a.channelId !== 'string' || !a.channelId) return 'The activity has no channelId.';
  if (typeof a.conversation?.id !== 'string' || !a.conversation.id) return 'The activity has no conversation id.';
  if (typeof a.from?.id !== 'string' || !a.from.id) return 'The activity has no sender (from.id).';
  if (typeof a.recipient?.id !== 'string' || !a.recipient.id) return 'The activity has no recipient.';
  if (a.text !== undefined && a.text !== null && typeof a.text !== 'string') return 'The activity text must be a string.';
  for (const field of OBJECT_LISTS) {
    const list = (body as Record<string, unknown>)[field];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list) || !list.every(isObject)) return `The activity's ${field} must be a list of objects.`;
  }
  return undefined;
}

const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether any value inside `root` sits more than `limit` objects or arrays deep; iterative, so depth can't hurt it. */
export function depthExceeds(root: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[root, 1]];
  while (stack.length) {
    const [value, depth] = stack.pop()!;
    if (depth > limit) return true;
    for (const child of Object.values(value as object)) if (child && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}
