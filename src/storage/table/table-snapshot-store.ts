import type { TableClient, TransactionAction } from '@azure/data-tables';
import type { Snapshot, SnapshotKind, SnapshotStore } from '../../ports/snapshot-store';
import { chunk, getRow, key, listRows, lit, mapLimit, packJson, pad, statusOf, transact, unpackJson, type Row } from './entities';

type Entry = { key: string; value: unknown; at: number; expiresAt: number };

const primary = (kind: SnapshotKind) => `k:${kind}`;
/** Index rows, one partition per expiry instant: purging reads the partitions up to now, never the snapshots. */
const EXPIRY = 'exp:';
const expiryPk = (expiresAt: number) => `${EXPIRY}${pad(expiresAt)}`;
/** Table Storage allows at most 15 comparisons in one filter. */
const OR_LIMIT = 15;

/**
 * Snapshots on Table Storage: one row per kind and key (partition = kind), plus an expiry index. A newer
 * sighting replaces an older one by ETag compare-and-set, never the reverse; a page of a report is written
 * in transactions of up to 100 rows (tried as plain inserts first: a first scan finds nothing stored).
 */
export class TableSnapshotStore implements SnapshotStore {
  constructor(private readonly table: TableClient) {}

  async put(kind: SnapshotKind, entries: Entry[]): Promise<void> {
    // As the SQL backend applies them one by one: for one key the newest sighting wins, the later on a tie.
    const latest = new Map<string, Entry>();
    for (const e of entries) {
      const k = e.key.toLowerCase();
      const known = latest.get(k);
      if (!known || e.at >= known.at) latest.set(k, { ...e, key: k });
    }
    const all = [...latest.values()];
    // 1. The expiry index first: an index row without its snapshot costs a purge one lookup, nothing more.
    const byExpiry = new Map<number, Entry[]>();
    for (const e of all) byExpiry.set(e.expiresAt, [...(byExpiry.get(e.expiresAt) ?? []), e]);
    const indexBatches = [...byExpiry].flatMap(([expiresAt, es]) =>
      chunk(es, 100).map((c) =>
        c.map((e): TransactionAction => ['upsert', { partitionKey: expiryPk(expiresAt), rowKey: `${kind}:${key(e.key)}` }, 'Replace']),
      ),
    );
    await mapLimit(indexBatches, 4, (b) => transact(this.table, b));
    // 2. The snapshots, 100 to a transaction.
    await mapLimit(chunk(all, 100), 4, (c) => this.write(kind, c));
  }

  private async write(kind: SnapshotKind, entries: Entry[]): Promise<void> {
    const entity = (e: Entry) => ({
      partitionKey: primary(kind),
      rowKey: key(e.key),
      at: e.at,
      expiresAt: e.expiresAt,
      ...packJson(e.value),
    });
    try {
      await transact(
        this.table,
        entries.map((e): TransactionAction => ['create', entity(e)]),
      );
      return;
    } catch (e) {
      if (statusOf(e) !== 409) throw e;
    }
    // Some exist: read what is stored and write only where ours is at least as new, each on its ETag.
    for (let attempt = 0; ; attempt++) {
      const stored = new Map<string, Row>();
      for (const part of chunk(entries, OR_LIMIT)) {
        const filter = `PartitionKey eq ${lit(primary(kind))} and (${part.map((e) => `RowKey eq ${lit(key(e.key))}`).join(' or ')})`;
        for (const r of await listRows(this.table, filter, ['RowKey', 'at'])) stored.set(String(r.rowKey), r);
      }
      const actions: TransactionAction[] = [];
      for (const e of entries) {
        const row = stored.get(key(e.key));
        if (!row) actions.push(['create', entity(e)]);
        else if (e.at >= Number(row.at)) actions.push(['update', entity(e), 'Replace', { etag: row.etag }]);
      }
      try {
        await transact(this.table, actions);
        return;
      } catch (e) {
        if ((statusOf(e) !== 409 && statusOf(e) !== 412) || attempt >= 5) throw e;
      }
    }
  }

  async get<T>(kind: SnapshotKind, k: string, now: number): Promise<Snapshot<T> | undefined> {
    const row = await getRow(this.table, primary(kind), key(k.toLowerCase()));
    if (!row || Number(row.expiresAt) <= now) return undefined;
    return { value: unpackJson<T>(row), at: Number(row.at) };
  }

  async purgeExpired(now: number): Promise<number> {
    const index = await listRows(this.table, `PartitionKey ge ${lit(EXPIRY)} and PartitionKey lt ${lit(expiryPk(now + 1))}`, [
      'PartitionKey',
      'RowKey',
    ]);
    const purged = await mapLimit(index, 8, async (ix) => {
      const [kind, rk] = splitOnce(String(ix.rowKey));
      let gone = false;
      const row = await getRow(this.table, primary(kind as SnapshotKind), rk);
      // A newer sighting may have moved the snapshot's expiry on: then only this index row is stale.
      if (row && Number(row.expiresAt) <= now) {
        gone = await this.table.deleteEntity(row.partitionKey!, row.rowKey!, { etag: row.etag }).then(
          () => true,
          (e: unknown) => {
            if (statusOf(e) === 404 || statusOf(e) === 412) return false;
            throw e;
          },
        );
      }
      await this.table.deleteEntity(ix.partitionKey!, ix.rowKey!).catch((e: unknown) => {
        if (statusOf(e) !== 404) throw e;
      });
      return gone;
    });
    return purged.filter(Boolean).length;
  }
}

function splitOnce(s: string): [string, string] {
  const i = s.indexOf(':');
  return [s.slice(0, i), s.slice(i + 1)];
}
