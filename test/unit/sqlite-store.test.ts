import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../src/storage/sqlite-store';

describe('SqliteStore', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'store-')), 'bot.db');

  it('migrates once and is shared by two handles on one file', async () => {
    const a = SqliteStore.open(file);
    const b = SqliteStore.open(file);
    expect(await a.ping()).toBe(true);
    const applied = a.db.prepare('SELECT id FROM schema_migrations').all();
    expect(applied.length).toBeGreaterThan(0);
    // A lease is exclusive across handles until it expires, and renewable by its holder.
    expect(await a.leases.tryAcquire('poller', 'A', 1000, 0)).toBe(true);
    expect(await b.leases.tryAcquire('poller', 'B', 1000, 500)).toBe(false);
    expect(await a.leases.tryAcquire('poller', 'A', 1000, 900)).toBe(true);
    expect(await b.leases.tryAcquire('poller', 'B', 1000, 1899)).toBe(false);
    expect(await b.leases.tryAcquire('poller', 'B', 1000, 1900)).toBe(true);
    await b.leases.release('poller', 'B');
    expect(await a.leases.tryAcquire('poller', 'A', 1000, 2001)).toBe(true);
    await a.close();
    await b.close();
  });
});
