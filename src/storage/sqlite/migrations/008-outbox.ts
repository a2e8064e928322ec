import type { Migration } from '../run-migrations';

/** One delivery outbox for everything sent outside a turn: items in lanes, and the lanes that are paused. */
export const outbox: Migration = {
  id: '008-outbox',
  sql: `
    CREATE TABLE outbox_items (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      key TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL,
      lane TEXT NOT NULL,
      tenant TEXT NOT NULL,
      target TEXT NOT NULL,
      payload TEXT NOT NULL,
      grp TEXT,
      state TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      not_before INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      result TEXT,
      error TEXT,
      claim_holder TEXT,
      claim_until INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX outbox_open ON outbox_items (lane, seq) WHERE state IN ('queued', 'sending');
    CREATE INDEX outbox_group ON outbox_items (grp, state);
    CREATE TABLE outbox_paused_lanes (
      lane TEXT PRIMARY KEY,
      paused_at INTEGER NOT NULL
    );
  `,
};
