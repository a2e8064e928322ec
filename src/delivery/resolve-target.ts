import type { OutboxItem, OutboxTarget } from '../ports/outbox-store';

export type SendTarget = Exclude<OutboxTarget, { kind: 'after' }>;

export type Resolved =
  /** `placeholder`: the item it follows was a dry run, so this one can only be one too. */
  | { kind: 'send'; target: SendTarget; placeholder: boolean }
  /** The item it follows hasn't gone out yet. */
  | { kind: 'wait' }
  /** The item it follows never went out (or is unknown): neither can this one. */
  | { kind: 'skip'; state: 'failed' | 'gone' | 'cancelled' };

/** Where an item goes now: its own target, or (for `after`) the thread or activity the earlier item produced. */
export function resolveTarget(to: OutboxTarget, prior: OutboxItem | undefined): Resolved {
  if (to.kind !== 'after') return { kind: 'send', target: to, placeholder: false };
  if (!prior) return { kind: 'skip', state: 'cancelled' };
  switch (prior.state) {
    case 'queued':
    case 'sending':
      return { kind: 'wait' };
    case 'failed':
    case 'gone':
    case 'cancelled':
      return { kind: 'skip', state: prior.state };
    default: {
      const result = prior.result;
      if (!result) return { kind: 'skip', state: 'failed' };
      const target: SendTarget =
        to.as === 'reply' ? { kind: 'conversation', ref: result.ref } : { kind: 'update', ref: result.ref, activityId: result.activityId };
      return { kind: 'send', target, placeholder: prior.state === 'dry-run' };
    }
  }
}
