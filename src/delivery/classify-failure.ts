import type { NotifyError } from '../ports/notifier';

/** What to do with an outbox item Teams did not take. */
export type FailureClass = 'retry' | 'gone' | 'failed';

/**
 * retry: no answer, 412, 429 or 5xx, and the bot's own setup (401, a 403 other than "gone": app blocked by an
 * admin, not installed for the user, missing permission), which an admin fixes without the message changing.
 * gone: Teams says the recipient can't be reached any more (the kind decides what that means).
 * failed: the message itself is refused (400 Bad Argument, 413 too big, 404 activity not found…) and never will go.
 */
export function classifyFailure(e: NotifyError): FailureClass {
  if (e.goneForGood) return 'gone';
  if (e.status === undefined || e.retryable || e.status >= 500 || e.status === 401 || e.status === 403) return 'retry';
  return 'failed';
}
