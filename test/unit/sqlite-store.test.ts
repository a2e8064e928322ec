import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS } from '../../src/storage/migrations';
import { runMigrations } from '../../src/storage/run-migrations';
import { SqliteStore } from '../../src/storage/sqlite-store';

// Only what is SQLite's own. What the store promises (leases across two handles on one file included)
// is in test/contract, which runs against this backend too.
describe('SqliteStore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'store-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('applies every migration once, however many handles open the file', async () => {
    const file = join(dir, 'bot.db');
    const a = SqliteStore.open(file);
    const b = SqliteStore.open(file);
    const applied = (a.db.prepare('SELECT id FROM schema_migrations ORDER BY id').all() as { id: string }[]).map((r) => r.id);
    expect(applied).toEqual(MIGRATIONS.map((m) => m.id));
    expect(runMigrations(b.db, MIGRATIONS)).toEqual([]);
    await a.close();
    await b.close();
  });
});
