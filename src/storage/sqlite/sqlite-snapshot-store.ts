import type { Database } from 'better-sqlite3';
import type { Snapshot, SnapshotKind, SnapshotStore } from '../../ports/snapshot-store';

export class SqliteSnapshotStore implements SnapshotStore {
  constructor(private readonly db: Database) {}

  async put(kind: SnapshotKind, entries: Array<{ key: string; value: unknown; at: number; expiresAt: number }>): Promise<void> {
    const upsert = this.db.prepare(
      `INSERT INTO snapshots (kind, key, value, at, expires_at) VALUES (@kind, @key, @value, @at, @expiresAt)
       ON CONFLICT(kind, key) DO UPDATE SET value = excluded.value, at = excluded.at, expires_at = excluded.expires_at
       WHERE excluded.at >= snapshots.at`,
    );
    this.db.transaction(() => {
      for (const e of entries)
        upsert.run({ kind, key: e.key.toLowerCase(), value: JSON.stringify(e.value), at: e.at, expiresAt: e.expiresAt });
    })();
  }

  async get<T>(kind: SnapshotKind, key: string, now: number): Promise<Snapshot<T> | undefined> {
    const row = this.db
      .prepare('SELECT value, at FROM snapshots WHERE kind = ? AND key = ? AND expires_at > ?')
      .get(kind, key.toLowerCase(), now) as { value: string; at: number } | undefined;
    return row ? { value: JSON.parse(row.value) as T, at: Number(row.at) } : undefined;
  }

  async purgeExpired(now: number): Promise<number> {
    return this.db.prepare('DELETE FROM snapshots WHERE expires_at <= ?').run(now).changes;
  }
}
