import type { Database } from 'better-sqlite3';
import type { InstanceRegistry } from '../../ports/instance-registry';

export class SqliteInstanceRegistry implements InstanceRegistry {
  constructor(private readonly db: Database) {}

  async heartbeat(id: string, now: number, ttlMs: number): Promise<number> {
    return this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO instances (id, expires_at) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET expires_at = excluded.expires_at')
        .run(id, now + ttlMs);
      this.db.prepare('DELETE FROM instances WHERE expires_at <= ?').run(now);
      return (this.db.prepare('SELECT COUNT(*) AS n FROM instances').get() as { n: number }).n;
    })();
  }

  async leave(id: string): Promise<void> {
    this.db.prepare('DELETE FROM instances WHERE id = ?').run(id);
  }
}
