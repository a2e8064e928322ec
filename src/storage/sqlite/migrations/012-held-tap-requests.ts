import type { Migration } from '../run-migrations';

/**
 * TAP requests held for Microsoft Graph: when each is next tried, and "one open request per user" now
 * counting requests held before their checks (keyed on the name typed until the user is known) and
 * approved ones waiting for Graph to create the pass.
 */
export const heldTapRequests: Migration = {
  id: '012-held-tap-requests',
  sql: `
    ALTER TABLE tap_requests ADD COLUMN next_try_at INTEGER;
    DROP INDEX IF EXISTS tap_requests_one_open;
    CREATE UNIQUE INDEX tap_requests_one_open ON tap_requests (target_id) WHERE status IN ('held', 'pending', 'approved', 'waiting', 'failed');
    CREATE INDEX tap_requests_next_try ON tap_requests (status, next_try_at);
  `,
};
