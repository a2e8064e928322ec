import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../../src/storage/sqlite/migrations/all-migrations';
import { runMigrations } from '../../src/storage/sqlite/run-migrations';
import { SqliteStore } from '../../src/storage/sqlite/sqlite-store';

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

  it('moves incident cards posted before the outbox into it, so their threads keep getting replies and updates', async () => {
    const db = new Database(join(dir, 'upgrade.db'));
    runMigrations(
      db,
      MIGRATIONS.slice(
        0,
        MIGRATIONS.findIndex((m) => m.id === '008-outbox'),
      ),
    );
    const ref = (id: string) => JSON.stringify({ serviceUrl: 'https://smba.test/', conversation: { id } });
    db.prepare(
      `INSERT INTO health_subscriptions (key, kind, targets, tenant_id, service_url, conversation_id, channel_id, reference, created_at, updated_at)
       VALUES ('19:ops', 'channel', '["identity"]', 't1', 'https://smba.test/', '19:ops', '19:ops', ?, 0, 0)`,
    ).run(ref('19:ops'));
    const progress = JSON.stringify({ postCount: 2, status: 'investigating', isResolved: false });
    db.prepare(
      `INSERT INTO health_deliveries (issue_id, subscription_key, root_activity_id, thread_ref, progress, card_version)
       VALUES ('EN1', '19:ops', 'root-1', ?, ?, '2025-03-01T08:05:00Z'), ('EN2', '19:ops', NULL, NULL, NULL, NULL)`,
    ).run(ref('19:ops;messageid=root-1'), progress);
    expect(runMigrations(db, MIGRATIONS)).toEqual(expect.arrayContaining(['008-outbox', '009-enqueued-progress']));
    const store = new SqliteStore(db);
    expect(Object.fromEntries(await store.health.progress.forIssue('EN1'))).toEqual({
      '19:ops': {
        issueId: 'EN1',
        subscriptionKey: '19:ops',
        series: 'v1',
        progress: JSON.parse(progress),
        cardVersion: '2025-03-01T08:05:00Z',
      },
    });
    expect((await store.health.progress.forIssue('EN2')).size).toBe(0); // never sent: owed again
    expect(await store.outbox.get('inc:EN1:19:ops:v1:open')).toMatchObject({
      kind: 'incident.card',
      lane: 'health:19:ops',
      state: 'sent',
      result: { activityId: 'root-1', ref: JSON.parse(ref('19:ops;messageid=root-1')) },
    });
    await store.close();
  });
});
