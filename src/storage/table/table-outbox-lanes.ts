import type { TableClient } from '@azure/data-tables';
import type { TransactionAction } from '@azure/data-tables';
import { chunk, getRow, key, listRows, lit, mapLimit, packJson, statusOf, transact, unpackJson, type Row } from './entities';

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
/** From this many lanes on, reading the whole partition once beats a point read per lane. */
const MANY = 16;

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

  /**
   * `update` for many lanes at once (an incident reaching 1,000 channels lists an item in 1,000 lanes): the
   * partition is read once and the changes written in transactions of 100, each row on the ETag read, so
   * 1,000 lanes cost about a dozen round trips instead of 2,000. A transaction that loses a race (another
   * instance wrote one of its lanes meanwhile) is not applied at all, and its lanes go through `update` one by one.
   * Each lane appears once in `changes`.
   */
  async updateMany(changes: Array<[lane: string, change: (s: LaneState) => LaneState | undefined]>): Promise<void> {
    if (changes.length < MANY) {
      await mapLimit(changes, 16, ([lane, change]) => this.update(lane, change));
      return;
    }
    const rows = new Map((await listRows(this.table, `PartitionKey eq ${lit(LANES)}`)).map((r) => [String(r.rowKey), r]));
    const writes: Array<{ lane: string; change: (s: LaneState) => LaneState | undefined; action: TransactionAction }> = [];
    const alone: typeof changes = [];
    for (const [lane, change] of changes) {
      const row = rows.get(key(lane));
      const next = change(row ? laneOf(row) : { lane, open: [], paused: false });
      if (!next) continue;
      if (next.open.length === 0 && !next.paused && !row) continue;
      // A delete in a transaction can't be conditional on the ETag: those go one by one.
      const action = this.actionFor(lane, row, next);
      if (action) writes.push({ lane, change, action });
      else alone.push([lane, change]);
    }
    await mapLimit(alone, 16, ([lane, change]) => this.update(lane, change));
    await mapLimit(chunk(writes, 100), 4, async (batch) => {
      try {
        await transact(
          this.table,
          batch.map((w) => w.action),
        );
      } catch (e) {
        const s = statusOf(e);
        if (s !== 409 && s !== 412 && s !== 404) throw e;
        await mapLimit(batch, 16, (w) => this.update(w.lane, w.change));
      }
    });
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
          const entity = this.entityOf(lane, next);
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

  private entityOf(lane: string, next: LaneState) {
    return {
      partitionKey: LANES,
      rowKey: key(lane),
      lane,
      paused: next.paused,
      pausedAt: next.pausedAt ?? 0,
      ...packJson(next.open, 'open'),
    };
  }

  /** The write that takes the lane from `row` (none: no row yet) to `next`, on the row's ETag; undefined for a delete. */
  private actionFor(lane: string, row: Row | undefined, next: LaneState): TransactionAction | undefined {
    if (next.open.length === 0 && !next.paused) return undefined;
    return row ? ['update', this.entityOf(lane, next), 'Replace', { etag: row.etag }] : ['create', this.entityOf(lane, next)];
  }
}
