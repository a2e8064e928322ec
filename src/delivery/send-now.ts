import type { Clock } from '../core/clock';
import type { NewOutboxItem, OutboxItem, OutboxState, OutboxStore } from '../ports/outbox-store';
import type { ClaimKeeper } from './claim-keeper';
import type { SendOutcome } from './outbox';

export interface SendNowOptions {
  store: OutboxStore;
  holder: string;
  clock: Pick<Clock, 'now'>;
  claims: ClaimKeeper;
  /**
   * How long the items keep the claim they are inserted with: one queued behind another of its lane can't be
   * claimed again (renewed) until it is the lane's head, and until then nobody, the worker's own passes included,
   * may take it.
   */
  holdMs: number;
  /** The worker is stopping: insert, but send nothing more (the next holder will). */
  stopping(): boolean;
  deliver(item: OutboxItem): Promise<SendOutcome>;
}

/**
 * Enqueues the items claimed (so no worker, here or on another instance, takes them first) and sends them at
 * once, lane by lane in order and the lanes side by side. An item already stored answers its stored state; one
 * that isn't its lane's head yet stays queued for the worker.
 */
export async function sendNow(items: NewOutboxItem[], o: SendNowOptions): Promise<Map<string, SendOutcome>> {
  const { store, holder, clock } = o;
  const out = new Map<string, SendOutcome>();
  const now = clock.now();
  const added = new Set(await store.enqueue(items, now, { holder, until: now + o.holdMs }));
  const lanes = new Map<string, NewOutboxItem[]>();
  for (const i of items) lanes.set(i.lane, [...(lanes.get(i.lane) ?? []), i]);
  await Promise.all(
    [...lanes.values()].map(async (laneItems) => {
      for (const i of laneItems) {
        if (!added.has(i.key)) {
          out.set(i.key, outcomeOfState((await store.get(i.key))?.state));
          continue;
        }
        // Only a lane's head may go: an earlier item of this lane still queued goes first (the worker's job).
        const claimed = o.stopping() ? undefined : await o.claims.claim(i.key);
        if (!claimed) {
          await store.release(i.key, holder);
          out.set(i.key, 'queued');
          continue;
        }
        out.set(i.key, await o.deliver(claimed));
      }
    }),
  );
  return out;
}

/** Whether the worker should look again soon: something was left for it. */
export const leftForLater = (outcomes: Map<string, SendOutcome>) =>
  [...outcomes.values()].some((o) => o === 'queued' || o === 'retrying' || o === 'waiting');

function outcomeOfState(state: OutboxState | undefined): SendOutcome {
  return state === undefined || state === 'queued' || state === 'sending' ? 'queued' : state;
}
