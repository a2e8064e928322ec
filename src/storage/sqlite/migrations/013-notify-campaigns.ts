import type { Migration } from '../run-migrations';

/** Notify campaigns (one row each, its status and version the compare-and-set columns) and their recipients. */
export const notifyCampaigns: Migration = {
  id: '013-notify-campaigns',
  sql: `
    CREATE TABLE notify_campaigns (
      id TEXT PRIMARY KEY,
      version INTEGER NOT NULL,
      status TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      doc TEXT NOT NULL
    );
    CREATE INDEX notify_campaigns_status ON notify_campaigns (status, created_at);
    CREATE INDEX notify_campaigns_created ON notify_campaigns (created_at);
    CREATE TABLE notify_recipients (
      campaign_id TEXT NOT NULL REFERENCES notify_campaigns (id),
      recipient_id TEXT NOT NULL,
      doc TEXT NOT NULL,
      PRIMARY KEY (campaign_id, recipient_id)
    ) WITHOUT ROWID;
  `,
};
