import Database, { type Database as Db } from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { HealthStore } from '../../ports/health-store';
import type { LeaseStore, Store } from '../../ports/store';
import type { OutboxStore } from '../../ports/outbox-store';
import { SqliteOutboxStore } from './sqlite-outbox-store';
import { createSqliteHealthStore } from './sqlite-health-store';
import { SqlitePeopleStore } from './sqlite-people-store';
import { SqliteExportLinkStore } from './sqlite-export-link-store';
import type { ExportLinkStore } from '../../ports/export-link-store';
import type { PeopleStore } from '../../ports/people-store';
import { SqliteTapStore } from './sqlite-tap-store';
import { SqliteSnapshotStore } from './sqlite-snapshot-store';
import { SqliteInstanceRegistry } from './sqlite-instance-registry';
import type { InstanceRegistry } from '../../ports/instance-registry';
import type { SnapshotStore } from '../../ports/snapshot-store';
import type { TapStore } from '../../ports/tap-store';
import type { CampaignStore } from '../../ports/campaign-store';
import { SqliteCampaignStore } from './sqlite-campaign-store';
import { MIGRATIONS } from './migrations/all-migrations';
import { runMigrations } from './run-migrations';

/** Opens (creating if needed) the SQLite file in WAL mode, so several bot processes can share it. */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  runMigrations(db, MIGRATIONS);
  return db;
}

class SqliteLeases implements LeaseStore {
  constructor(private readonly db: Db) {}

  async tryAcquire(name: string, holder: string, ttlMs: number, now: number): Promise<boolean> {
    // One statement: insert, or take over an expired lease, or renew our own. Atomic across processes.
    const res = this.db
      .prepare(
        `INSERT INTO leases (name, holder, expires_at) VALUES (@name, @holder, @expires)
         ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
         WHERE leases.holder = excluded.holder OR leases.expires_at <= @now`,
      )
      .run({ name, holder, expires: now + ttlMs, now });
    return res.changes === 1;
  }

  async release(name: string, holder: string): Promise<void> {
    this.db.prepare('DELETE FROM leases WHERE name = ? AND holder = ?').run(name, holder);
  }
}

export class SqliteStore implements Store {
  readonly leases: LeaseStore;
  readonly health: HealthStore;
  readonly tapRequests: TapStore;
  readonly people: PeopleStore;
  readonly exportLinks: ExportLinkStore;
  readonly outbox: OutboxStore;
  readonly snapshots: SnapshotStore;
  readonly campaigns: CampaignStore;
  readonly instances: InstanceRegistry;

  constructor(readonly db: Db) {
    this.leases = new SqliteLeases(db);
    this.health = createSqliteHealthStore(db);
    this.tapRequests = new SqliteTapStore(db);
    this.people = new SqlitePeopleStore(db);
    this.exportLinks = new SqliteExportLinkStore(db);
    this.outbox = new SqliteOutboxStore(db);
    this.snapshots = new SqliteSnapshotStore(db);
    this.campaigns = new SqliteCampaignStore(db);
    this.instances = new SqliteInstanceRegistry(db);
  }

  static open(file: string): SqliteStore {
    return new SqliteStore(openDatabase(file));
  }

  async ping(): Promise<boolean> {
    try {
      return this.db.prepare('SELECT 1 AS ok').get() !== undefined;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
