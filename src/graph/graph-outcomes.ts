import { GraphError } from '@microsoft/microsoft-graph-client';
import type { Clock } from '../core/clock';
import { GraphFailure, type BotErrorCode } from '../domain/errors';
import type { Logger } from '../logger';
import { graphMessages } from './graph-messages';
import type { GraphOutcome } from './graph-request';
import { permissionHint } from './permission-hints';

/**
 * What Graph calls come to, for two audiences: a failure becomes a GraphFailure carrying one sentence for the
 * person who asked, and a log line telling the operator what to fix; the last outcome either way is kept for
 * /healthz.
 */
export class GraphOutcomes {
  last: GraphOutcome | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly clock: Pick<Clock, 'now'>,
  ) {}

  succeeded(part: string): void {
    this.last = { ok: true, at: this.stamp(), part };
  }

  /** The GraphFailure to throw for a call that failed for good, logged for the operator. */
  failed(part: string, path: string, method: string, error: unknown, status: number | undefined): GraphFailure {
    const graphCode =
      error instanceof GraphError ? (error.code ?? undefined) : ((error as { code?: string } | undefined)?.code ?? undefined);
    this.last = { ok: false, at: this.stamp(), status, code: graphCode, part };
    const [code, sentence] = describeFailure(status, part);
    const log = { part, path: redactPath(path), status, graphCode, requestId: (error as GraphError)?.requestId };
    if (status === 403 || status === 401) {
      this.logger.error({ ...log, fix: permissionHint(path, method) }, 'graph refused the call');
    } else if (status !== 404 && status !== 409) {
      // 404 and 409 (already there) are answers the caller acts on, not failures to warn about.
      this.logger.warn({ ...log, err: error }, 'graph call failed');
    }
    return new GraphFailure(code, part, status, graphCode, sentence, { cause: error });
  }

  private stamp(): string {
    return new Date(this.clock.now()).toISOString();
  }
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

/** The HTTP status Graph answered with; undefined for a network error, a timeout or an abort. */
export function statusOf(error: unknown): number | undefined {
  if (error instanceof GraphError && error.statusCode > 0) return error.statusCode;
  return undefined;
}

export function retryAfterOf(error: unknown): string | undefined {
  return error instanceof GraphError ? (error.headers?.get('Retry-After') ?? undefined) : undefined;
}

/** UPNs in paths are personal data; keep only the shape for logs. */
function redactPath(path: string): string {
  return path.replace(/[^/?]+@[^/?]+/g, '{upn}');
}
