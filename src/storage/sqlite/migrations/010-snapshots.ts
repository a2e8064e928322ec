import type { Migration } from '../run-migrations';

/** What the bot last saw in Graph (registration rows, last good answers), each with its own expiry. */
export const snapshots: Migration = {
  id: '010-snapshots',
  sql: `
    CREATE TABLE snapshots (
      kind TEXT NOT NULL,
      key TEXT NOT NULL,
      value TEXT NOT NULL,
      at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      PRIMARY KEY (kind, key)
    );
    CREATE INDEX snapshots_expiry ON snapshots (expires_at);
  `,
};
