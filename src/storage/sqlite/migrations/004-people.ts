import type { Migration } from '../run-migrations';

/** People the bot has heard from: their Teams id (for refresh.userIds) and their 1:1 chat with the bot. */
export const people: Migration = {
  id: '004-people',
  sql: `
    CREATE TABLE people (
      aad_object_id TEXT PRIMARY KEY,
      teams_id TEXT,
      personal_ref TEXT,
      seen_at INTEGER NOT NULL
    );
  `,
};
