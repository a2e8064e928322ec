import type { Migration } from '../run-migrations';

export const foundation: Migration = {
  id: '001-foundation',
  sql: `
    CREATE TABLE leases (
      name TEXT PRIMARY KEY,
      holder TEXT NOT NULL,
      expires_at INTEGER NOT NULL
    );
  `,
};
