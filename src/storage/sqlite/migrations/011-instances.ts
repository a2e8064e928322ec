import type { Migration } from '../run-migrations';

/** Live bot instances, by heartbeat: instances split per-tenant budgets between them. */
export const instances: Migration = {
  id: '011-instances',
  sql: `
    CREATE TABLE instances (
      id TEXT PRIMARY KEY,
      expires_at INTEGER NOT NULL
    );
  `,
};
