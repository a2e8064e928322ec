import type { CardActionResult } from '../core/card-action';

/** The Universal Actions invoke response body Teams expects for each kind of result. */
export function invokeResponseFor(result: CardActionResult): Record<string, unknown> {
  switch (result.kind) {
    case 'card':
      return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: result.card };
    case 'message':
      return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: result.text };
    default:
      return { statusCode: result.status, type: 'application/vnd.microsoft.error', value: { code: result.code, message: result.message } };
  }
}
