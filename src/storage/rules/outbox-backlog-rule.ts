/** What the outbox still has to send, as the metrics gauge reads it; written once for every backend. */
export interface Backlog {
  queued: number;
  oldestQueuedAt?: number;
  /** Held in paused lanes (conversations the bot was removed from): not counted as queued, nor in the age. */
  paused: number;
}

/** Unfinished items of a lane (or of several lanes, all paused or all not), summed up by the backend. */
export interface LaneBacklog {
  paused: boolean;
  items: number;
  /** createdAt of its oldest unfinished item; absent when it has none. */
  oldestCreatedAt?: number;
}

/** A lane's summary from the createdAt of each of its unfinished items. */
export function laneBacklogOf(paused: boolean, createdAt: number[]): LaneBacklog {
  let oldest: number | undefined;
  for (const at of createdAt) oldest = oldest === undefined ? at : Math.min(oldest, at);
  return { paused, items: createdAt.length, oldestCreatedAt: oldest };
}

/** Items still to go outside paused lanes and the oldest one's createdAt; those in paused lanes apart. */
export function tallyBacklog(lanes: Iterable<LaneBacklog>): Backlog {
  let queued = 0;
  let paused = 0;
  let oldest: number | undefined;
  for (const lane of lanes) {
    if (lane.paused) {
      paused += lane.items;
      continue;
    }
    queued += lane.items;
    if (lane.oldestCreatedAt !== undefined) oldest = oldest === undefined ? lane.oldestCreatedAt : Math.min(oldest, lane.oldestCreatedAt);
  }
  return oldest === undefined ? { queued, paused } : { queued, oldestQueuedAt: oldest, paused };
}
