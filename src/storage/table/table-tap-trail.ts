import { randomBytes } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import type { TapAuditEntry } from '../../domain/tap-request';
import { defined, getRow, invert, key, listRows, lit, packJson, unpackJson } from './entities';

const ALL = 'trail';
const forTarget = (targetId: string) => `trail:${key(targetId.toLowerCase())}`;

/**
 * The TAP audit trail, newest first by row key: the inverted time, then an inverted per-process sequence
 * (entries of the same instant keep the order they were written in), then a random suffix (two instances
 * never collide). Each entry is written twice, to the whole trail and to the user's own partition, so
 * `history` is one query either way, reading only the `limit` newest rows.
 */
export class TapTrail {
  private seq = 0;

  constructor(private readonly table: TableClient) {}

  async add(e: TapAuditEntry): Promise<void> {
    this.seq = Math.max(this.seq + 1, (Date.now() - 1_600_000_000_000) * 1000);
    const rowKey = `${invert(e.at)}:${invert(this.seq)}:${randomBytes(4).toString('hex')}`;
    const entry = defined({ ...e, target: { ...e.target, id: e.target.id.toLowerCase() } });
    const props = packJson(entry, 'entry');
    await this.table.upsertEntity({ partitionKey: forTarget(e.target.id), rowKey, ...props }, 'Replace');
    await this.table.upsertEntity({ partitionKey: ALL, rowKey, ...props }, 'Replace');
  }

  /** store:migrate: an entry under a row key made from its place in the old trail, so a second copy lands on the first. */
  async restore(e: TapAuditEntry, seq: number): Promise<'created' | 'same'> {
    const rowKey = `${invert(e.at)}:${invert(seq)}:migrated`;
    const entry = defined({ ...e, target: { ...e.target, id: e.target.id.toLowerCase() } });
    const props = packJson(entry, 'entry');
    const known = await getRow(this.table, ALL, rowKey);
    if (known && JSON.stringify(unpackJson(known, 'entry')) === JSON.stringify(entry)) return 'same';
    await this.table.upsertEntity({ partitionKey: forTarget(e.target.id), rowKey, ...props }, 'Replace');
    await this.table.upsertEntity({ partitionKey: ALL, rowKey, ...props }, 'Replace');
    return 'created';
  }

  async newest(opts: { targetId?: string; limit: number }): Promise<TapAuditEntry[]> {
    if (opts.limit <= 0) return [];
    const pk = opts.targetId ? forTarget(opts.targetId) : ALL;
    const rows = await listRows(this.table, `PartitionKey eq ${lit(pk)}`, undefined, opts.limit);
    return rows.map((r) => unpackJson<TapAuditEntry>(r, 'entry'));
  }
}
