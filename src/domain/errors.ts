/**
 * Errors the user should hear about in one plain sentence. Anything else is unexpected:
 * the user gets a reference id and the operator gets the stack.
 */
export type BotErrorCode =
  'GRAPH_UNAVAILABLE' | 'GRAPH_THROTTLED' | 'GRAPH_FORBIDDEN' | 'GRAPH_BAD_REQUEST' | 'GRAPH_NOT_FOUND' | 'NOT_AUTHORISED' | 'BAD_INPUT';

export class BotError extends Error {
  constructor(
    readonly code: BotErrorCode,
    readonly userMessage: string,
    options?: { cause?: unknown },
  ) {
    super(userMessage, options);
    this.name = 'BotError';
  }
}

/** A Graph call that failed after retries; `part` names what we were reading, for the user's sentence. */
export class GraphFailure extends BotError {
  constructor(
    code: BotErrorCode,
    readonly part: string,
    readonly status: number | undefined,
    readonly graphCode: string | undefined,
    userMessage: string,
    options?: { cause?: unknown },
  ) {
    super(code, userMessage, options);
    this.name = 'GraphFailure';
  }
}

export function isBotError(e: unknown): e is BotError {
  return e instanceof BotError;
}
