import { GraphError, type Client } from '@microsoft/microsoft-graph-client';
import { GraphFailure, type BotErrorCode } from '../domain/errors';
import type { Logger } from '../logger';
import { permissionHint } from './permission-hints';
import { graphMessages } from '../messages';

export interface GraphRequest {
  /** What we were doing, in words a helpdesk agent understands ("alice's authentication methods"). */
  part: string;
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path below the version root, or an absolute nextLink. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  body?: unknown;
  /** A tighter total time for this call than the gateway's default (e.g. inside a Teams invoke). */
  budgetMs?: number;
}

export interface GraphOutcome {
  ok: boolean;
  at: string;
  status?: number;
  code?: string;
  part?: string;
}

export interface GatewayOptions {
  /** Total time one logical call may take, retries included. */
  budgetMs: number;
  attemptTimeoutMs: number;
  maxAttempts: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const RETRYABLE = new Set([429, 503, 504, 502]);
const DEFAULTS: GatewayOptions = { budgetMs: 12_000, attemptTimeoutMs: 6_000, maxAttempts: 5 };
const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * The one door to Microsoft Graph: retries throttling and outages with a deadline,
 * turns Graph errors into sentences for users and advice for operators, and pages collections.
 */
export class GraphGateway {
  private readonly options: GatewayOptions;
  lastOutcome: GraphOutcome | undefined;
  requestCount = 0;

  constructor(
    private readonly client: Client,
    private readonly logger: Logger,
    options: Partial<GatewayOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  async request<T>(req: GraphRequest): Promise<T> {
    const { budgetMs, attemptTimeoutMs, maxAttempts } = this.options;
    const now = this.options.now ?? Date.now;
    const sleep = this.options.sleep ?? wait;
    const deadline = now() + Math.min(budgetMs, req.budgetMs ?? budgetMs);
    for (let attempt = 1; ; attempt++) {
      const remaining = deadline - now();
      try {
        const result = await this.send<T>(req, Math.max(1, Math.min(attemptTimeoutMs, remaining)));
        this.record({ ok: true, at: new Date().toISOString(), part: req.part });
        return result;
      } catch (error) {
        const status = statusOf(error);
        const delay = retryDelayMs(error, attempt);
        const retryable = status === undefined || RETRYABLE.has(status);
        if (retryable && attempt < maxAttempts && now() + delay < deadline - 250) {
          this.logger.debug({ part: req.part, status, attempt, delay }, 'graph call failed; retrying');
          await sleep(delay);
          continue;
        }
        throw this.fail(req, error, status);
      }
    }
  }

  /**
   * Yields each page of a collection, following absolute @odata.nextLink verbatim; each page has its own
   * retries, so a 429 resumes at the same nextLink instead of restarting. With `readAhead` the next page is
   * requested as soon as the current one arrives, overlapping the caller's work with the round trip (for
   * callers that read to the end; one that stops early would waste that request).
   */
  async *pages<T>(req: GraphRequest, opts: { readAhead?: boolean } = {}): AsyncGenerator<T[]> {
    type Page = { value?: T[]; '@odata.nextLink'?: string };
    const fetchPage = (r: GraphRequest) => {
      const p = this.request<Page>(r);
      p.catch(() => undefined); // handled when awaited; an abandoned read-ahead must not be "unhandled"
      return p;
    };
    let pending: Promise<Page> | undefined = fetchPage(req);
    while (pending) {
      const page: Page = await pending;
      const link = page['@odata.nextLink'];
      const next = link ? { part: req.part, path: link, headers: req.headers } : undefined;
      pending = next && opts.readAhead ? fetchPage(next) : undefined;
      yield page.value ?? [];
      if (next && !opts.readAhead) pending = fetchPage(next);
    }
  }

  async all<T>(req: GraphRequest, limit = Number.POSITIVE_INFINITY): Promise<T[]> {
    const items: T[] = [];
    for await (const page of this.pages<T>(req)) {
      items.push(...page);
      if (items.length >= limit) break;
    }
    return items;
  }

  private async send<T>(req: GraphRequest, timeoutMs: number): Promise<T> {
    this.requestCount++;
    let call = this.client.api(req.path).option('signal', AbortSignal.timeout(timeoutMs));
    if (req.headers) call = call.headers(req.headers);
    if (req.query) {
      const q: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.query)) if (v !== undefined) q[k] = encodeURIComponent(String(v));
      call = call.query(q);
    }
    switch (req.method ?? 'GET') {
      case 'POST':
        return (await call.post(req.body ?? {})) as T;
      case 'PATCH':
        return (await call.patch(req.body ?? {})) as T;
      case 'DELETE':
        return (await call.delete()) as T;
      default:
        return (await call.get()) as T;
    }
  }

  private record(outcome: GraphOutcome): void {
    this.lastOutcome = outcome;
  }

  private fail(req: GraphRequest, error: unknown, status: number | undefined): GraphFailure {
    const graphCode = error instanceof GraphError ? (error.code ?? undefined) : undefined;
    this.record({ ok: false, at: new Date().toISOString(), status, code: graphCode, part: req.part });
    const [code, sentence] = describeFailure(status, req.part);
    const log = { part: req.part, path: redactPath(req.path), status, graphCode, requestId: (error as GraphError)?.requestId };
    if (status === 403 || status === 401) {
      this.logger.error({ ...log, fix: permissionHint(req.path, req.method ?? 'GET') }, 'graph refused the call');
    } else if (status !== 404) {
      this.logger.warn({ ...log, err: error }, 'graph call failed');
    }
    return new GraphFailure(code, req.part, status, graphCode, sentence, { cause: error });
  }
}

function statusOf(error: unknown): number | undefined {
  if (error instanceof GraphError && error.statusCode > 0) return error.statusCode;
  return undefined; // network error, timeout or abort
}

function retryDelayMs(error: unknown, attempt: number): number {
  const header = error instanceof GraphError ? error.headers?.get('Retry-After') : undefined;
  const seconds = header ? Number(header) : NaN;
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const base = Math.min(4000, 400 * 2 ** (attempt - 1));
  return base / 2 + Math.random() * (base / 2);
}

/** The code and the user's sentence for a call that failed with `status` (undefined: no answer). */
export function describeFailure(status: number | undefined, part: string): [BotErrorCode, string] {
  if (status === undefined) return ['GRAPH_UNAVAILABLE', graphMessages.noAnswer(part)];
  if (status === 429) return ['GRAPH_THROTTLED', graphMessages.throttled(part)];
  if (status === 401 || status === 403) return ['GRAPH_FORBIDDEN', graphMessages.forbidden(part)];
  if (status === 404) return ['GRAPH_NOT_FOUND', graphMessages.notFound(part)];
  if (status === 400) return ['GRAPH_BAD_REQUEST', graphMessages.badRequest(part)];
  return ['GRAPH_UNAVAILABLE', graphMessages.failed(part, status)];
}

/** UPNs in paths are personal data; keep only the shape for logs. */
function redactPath(path: string): string {
  return path.replace(/[^/?]+@[^/?]+/g, '{upn}');
}
