import type { Migration } from '../run-migrations';

/** TAP approval flow: requests (one pending per target), where their cards live, the audit trail. */
export const tapRequests: Migration = {
  id: '003-tap-requests',
  sql: `
    CREATE TABLE tap_requests (
      id TEXT PRIMARY KEY,
      target_id TEXT NOT NULL,
      requester_id TEXT NOT NULL,
      status TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      decided_at INTEGER,
      doc TEXT NOT NULL
    );
    CREATE UNIQUE INDEX tap_requests_one_pending ON tap_requests (target_id) WHERE status = 'pending';
    CREATE INDEX tap_requests_requester ON tap_requests (requester_id, created_at);
    CREATE INDEX tap_requests_due ON tap_requests (status, expires_at);
    CREATE TABLE tap_cards (
      request_id TEXT NOT NULL REFERENCES tap_requests (id),
      activity_id TEXT NOT NULL,
      conversation_id TEXT NOT NULL,
      role TEXT NOT NULL,
      approver_id TEXT,
      actionable INTEGER NOT NULL,
      mentioned TEXT NOT NULL,
      ref TEXT NOT NULL,
      PRIMARY KEY (request_id, conversation_id, activity_id)
    );
    CREATE TABLE tap_audit (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      request_id TEXT NOT NULL,
      at INTEGER NOT NULL,
      event TEXT NOT NULL,
      actor_id TEXT,
      actor_name TEXT,
      target_id TEXT NOT NULL,
      target_upn TEXT NOT NULL,
      target_name TEXT NOT NULL,
      reason TEXT NOT NULL,
      lifetime_minutes INTEGER NOT NULL,
      detail TEXT
    );
    CREATE INDEX tap_audit_target ON tap_audit (target_id, at);
  `,
};
