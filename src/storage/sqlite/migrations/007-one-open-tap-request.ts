import type { Migration } from '../run-migrations';

/**
 * One open request per user: pending, being issued, or failed-and-retryable. A failed request left
 * behind must not issue a pass next to a newer one.
 */
export const oneOpenTapRequest: Migration = {
  id: '007-one-open-tap-request',
  sql: `
    DROP INDEX IF EXISTS tap_requests_one_pending;
    CREATE UNIQUE INDEX tap_requests_one_open ON tap_requests (target_id) WHERE status IN ('pending', 'approved', 'failed');
  `,
};
