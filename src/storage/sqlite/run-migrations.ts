import type { Database } from 'better-sqlite3';

export interface Migration {
  id: string;
  sql: string;
}

/** Applies the migrations not yet recorded, each in its own transaction, so two instances starting together are safe. */
export function runMigrations(db: Database, migrations: Migration[]): string[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied: string[] = [];
  for (const m of migrations) {
    const apply = db.transaction(() => {
      const done = db.prepare('SELECT 1 FROM schema_migrations WHERE id = ?').get(m.id);
      if (done) return false;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)').run(m.id, new Date().toISOString());
      return true;
    });
    if (apply.immediate()) applied.push(m.id);
  }
  return applied;
}
