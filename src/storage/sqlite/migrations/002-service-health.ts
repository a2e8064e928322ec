import type { Migration } from '../run-migrations';

/** Service health: subscriptions, the poller's last-seen issues and cursor, per-conversation delivery state. */
export const serviceHealth: Migration = {
  id: '002-service-health',
  sql: `
    CREATE TABLE health_subscriptions (
      key TEXT PRIMARY KEY,
      kind TEXT NOT NULL,
      targets TEXT NOT NULL,
      tenant_id TEXT,
      service_url TEXT NOT NULL,
      conversation_id TEXT NOT NULL,
      team_id TEXT,
      channel_id TEXT,
      reference TEXT NOT NULL,
      active INTEGER NOT NULL DEFAULT 1,
      inactive_reason TEXT,
      created_by TEXT,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    );
    CREATE INDEX health_subscriptions_team ON health_subscriptions (team_id);
    CREATE TABLE health_issues (
      id TEXT PRIMARY KEY,
      last_modified TEXT NOT NULL,
      is_resolved INTEGER NOT NULL,
      body TEXT NOT NULL,
      seen_at INTEGER NOT NULL
    );
    CREATE INDEX health_issues_modified ON health_issues (last_modified);
    CREATE TABLE health_poller (
      name TEXT PRIMARY KEY,
      value TEXT NOT NULL
    );
    CREATE TABLE health_deliveries (
      issue_id TEXT NOT NULL,
      subscription_key TEXT NOT NULL,
      root_activity_id TEXT,
      thread_ref TEXT,
      progress TEXT,
      card_version TEXT,
      pending TEXT,
      failures INTEGER NOT NULL DEFAULT 0,
      claim_holder TEXT,
      claim_until INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (issue_id, subscription_key)
    );
  `,
};
