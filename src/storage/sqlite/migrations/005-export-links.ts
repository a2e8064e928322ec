import type { Migration } from '../run-migrations';

export const exportLinks: Migration = {
  id: '005-export-links',
  sql: `
    CREATE TABLE export_links (
      token_hash TEXT PRIMARY KEY,
      path TEXT NOT NULL,
      filename TEXT NOT NULL,
      owner TEXT NOT NULL,
      expires_at INTEGER NOT NULL
    );
    CREATE INDEX export_links_expiry ON export_links (expires_at);
  `,
};
