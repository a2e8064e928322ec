import type { TableClient } from '@azure/data-tables';
import { getRow, key, listRows, lit, packJson, statusOf, unpackJson, type Row } from './entities';

/** One open item of a lane as the lane row lists it; `notBefore` is a lower bound (the item is the truth). */
export type LaneEntry = [key: string, seq: string, notBefore: number, createdAt: number];

export interface LaneState {
  lane: string;
  /** Unfinished items in enqueue order: the first is the head. */
  open: LaneEntry[];
  paused: boolean;
  pausedAt?: number;
}

export const LANES = 'lanes';

export function laneOf(row: Row): LaneState {
  const state: LaneState = { lane: String(row.lane), open: unpackJson<LaneEntry[]>(row, 'open'), paused: row.paused === true };
  if (typeof row.pausedAt === 'number') state.pausedAt = row.pausedAt;
  return state;
}

/**
 * Lane rows: one per lane with unfinished items (or paused), all in one partition, so `due` and `backlog`
 * read that partition and never the items' history. Every change is a read-modify-write on the row's ETag,
 * retried when another instance wrote it in between.
 */
export class Lanes {
  constructor(private readonly table: TableClient) {}

  async all(): Promise<LaneState[]> {
    return (await listRows(this.table, `PartitionKey eq ${lit(LANES)}`)).map(laneOf);
  }

  async get(lane: string): Promise<LaneState | undefined> {
    const row = await getRow(this.table, LANES, key(lane));
    return row ? laneOf(row) : undefined;
  }

  /** Applies `change` to the lane (an empty one when it has no row); undefined from `change` writes nothing. */
  async update(lane: string, change: (s: LaneState) => LaneState | undefined): Promise<LaneState | undefined> {
    for (let attempt = 0; ; attempt++) {
      const row = await getRow(this.table, LANES, key(lane));
      const next = change(row ? laneOf(row) : { lane, open: [], paused: false });
      if (!next) return row ? laneOf(row) : undefined;
      try {
        if (next.open.length === 0 && !next.paused) {
          if (row) await this.table.deleteEntity(LANES, key(lane), { etag: row.etag });
        } else {
          const entity = {
            partitionKey: LANES,
            rowKey: key(lane),
            lane,
            paused: next.paused,
            pausedAt: next.pausedAt ?? 0,
            ...packJson(next.open, 'open'),
          };
          if (row) await this.table.updateEntity(entity, 'Replace', { etag: row.etag });
          else await this.table.createEntity(entity);
        }
        return next;
      } catch (e) {
        const s = statusOf(e);
        if ((s !== 409 && s !== 412 && s !== 404) || attempt >= 50) throw e;
      }
    }
  }
}
