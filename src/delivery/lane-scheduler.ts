import type { OutboxItem, OutboxStore } from '../ports/outbox-store';

export interface PassOptions {
  store: Pick<OutboxStore, 'due'>;
  now(): number;
  /** Lanes worked at once. */
  concurrency: number;
  /** False once the pass should take nothing new (stopping, or the lease lost); items in hand still finish. */
  live(): boolean;
  /** Claims an item and, if that worked, delivers it; resolves once it is done with. */
  take(item: OutboxItem): Promise<void>;
}

/** Due heads read at first; more when a read fills up with lanes already in hand. */
const BATCH = 256;

/**
 * One pass over everything due: up to `concurrency` slots each take the next due lane head whose lane is not in
 * hand already, so a lane's items go one at a time and in order while other lanes go side by side. Each item is
 * tried at most once per pass (one that failed waits for a later pass: its backoff). When the list runs out a slot
 * reads the due heads again (one read for all slots), since a finished item may have freed its lane's next; the
 * pass ends once nothing is due and nothing is in hand.
 */
export async function runPass(o: PassOptions): Promise<void> {
  const tried = new Set<string>();
  const busy = new Set<string>();
  let queue: OutboxItem[] = [];
  let refilling: Promise<void> | undefined;
  let completions = 0;
  let wake = () => {};
  let woken = new Promise<void>((r) => (wake = r));

  const refill = async () => {
    for (let limit = BATCH; ; limit *= 4) {
      const due = await o.store.due(o.now(), limit);
      queue = due.filter((i) => !tried.has(i.key) && !busy.has(i.lane));
      if (queue.length || due.length < limit) return;
    }
  };

  const work = async (item: OutboxItem) => {
    busy.add(item.lane);
    tried.add(item.key);
    try {
      await o.take(item);
    } finally {
      busy.delete(item.lane);
      completions++;
      const w = wake;
      woken = new Promise<void>((r) => (wake = r));
      w();
    }
  };

  const slot = async () => {
    while (o.live()) {
      const item = queue.shift();
      if (item) {
        if (!busy.has(item.lane) && !tried.has(item.key)) await work(item);
        continue;
      }
      const before = completions;
      await (refilling ??= refill().finally(() => (refilling = undefined)));
      if (queue.length || completions !== before) continue;
      // Nothing due that is not in hand: done, unless a lane in hand frees its next item.
      if (busy.size === 0) return;
      await woken;
    }
  };

  await Promise.all(Array.from({ length: o.concurrency }, slot));
}
