import type { Migration } from '../run-migrations';

/** When a failing delivery may be tried again: failures back off instead of giving up. */
export const deliveryBackoff: Migration = {
  id: '006-delivery-backoff',
  sql: `ALTER TABLE health_deliveries ADD COLUMN retry_at INTEGER NOT NULL DEFAULT 0;`,
};
