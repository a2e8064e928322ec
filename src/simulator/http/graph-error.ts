import { randomUUID } from 'node:crypto';
import type { GraphResponse } from '../sim-types';

/** Thrown by route handlers; the pipeline turns it into Graph's error envelope. */
export class GraphHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string, code = 'BadRequest') => new GraphHttpError(400, code, message);
export const unsupportedQuery = (message: string) => new GraphHttpError(400, 'Request_UnsupportedQuery', message);
export const notFound = (resource: string) =>
  new GraphHttpError(
    404,
    'Request_ResourceNotFound',
    `Resource '${resource}' does not exist or one of its queried reference-property objects are not present.`,
  );

const DEFAULT_CODES: Record<number, [string, string]> = {
  400: ['BadRequest', 'Bad request.'],
  401: ['InvalidAuthenticationToken', 'Access token is empty.'],
  403: ['Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'],
  404: ['Request_ResourceNotFound', 'Resource not found.'],
  405: ['Request_BadRequest', 'Specified HTTP method is not allowed for the request target.'],
  409: ['Conflict', 'Conflict.'],
  424: ['FailedDependency', 'Failed dependency.'],
  429: ['TooManyRequests', 'Too many requests.'],
  500: ['InternalServerError', 'An internal server error occurred.'],
  502: ['BadGateway', 'Bad gateway.'],
  503: ['ServiceUnavailable', 'The service is temporarily unavailable. Please retry later.'],
  504: ['GatewayTimeout', 'The gateway timed out.'],
};

export function errorForStatus(status: number, code?: string, message?: string, headers?: Record<string, string>) {
  const [defaultCode, defaultMessage] = DEFAULT_CODES[status] ?? ['UnknownError', 'An error occurred.'];
  return new GraphHttpError(status, code ?? defaultCode, message ?? defaultMessage, headers);
}

/** Graph's envelope: `innerError` carries date and both request ids. */
export function errorResponse(error: GraphHttpError, requestId: string, clientRequestId: string): GraphResponse {
  return {
    status: error.status,
    headers: error.headers,
    body: {
      error: {
        code: error.code,
        message: error.message,
        innerError: {
          date: new Date().toISOString().slice(0, 19),
          'request-id': requestId,
          'client-request-id': clientRequestId,
        },
      },
    },
  };
}

export function toGraphError(err: unknown): GraphHttpError {
  if (err instanceof GraphHttpError) return err;
  return errorForStatus(500, 'InternalServerError', err instanceof Error ? err.message : String(err));
}

export const newRequestId = () => randomUUID();
