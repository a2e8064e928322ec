import type { Migration } from '../run-migrations';

/**
 * The poller's per-conversation record reduced to what it has enqueued; the outbox does the sending. Cards
 * already posted move over as `sent` outbox items, so their threads keep getting replies and in-place updates
 * (the series `v1` stands for "before the outbox"). Deliveries never sent are dropped: they are owed again.
 */
export const enqueuedProgress: Migration = {
  id: '009-enqueued-progress',
  sql: `
    CREATE TABLE health_progress (
      issue_id TEXT NOT NULL,
      subscription_key TEXT NOT NULL,
      series TEXT NOT NULL,
      progress TEXT,
      card_version TEXT,
      PRIMARY KEY (issue_id, subscription_key)
    );
    INSERT INTO health_progress (issue_id, subscription_key, series, progress, card_version)
      SELECT issue_id, subscription_key, 'v1', progress, card_version FROM health_deliveries
      WHERE progress IS NOT NULL AND root_activity_id IS NOT NULL;
    INSERT INTO outbox_items (key, kind, lane, tenant, target, payload, grp, state, attempts, not_before, created_at, updated_at, result)
      SELECT 'inc:' || d.issue_id || ':' || d.subscription_key || ':v1:open', 'incident.card', 'health:' || d.subscription_key,
        COALESCE(s.tenant_id, 'tenant'), json_object('kind', 'conversation', 'ref', json(s.reference)),
        json_object('issueId', d.issue_id, 'subscriptionKey', d.subscription_key), 'incident:' || d.issue_id, 'sent', 1, 0, 0, 0,
        json_object('activityId', d.root_activity_id, 'ref', json(COALESCE(d.thread_ref, s.reference)))
      FROM health_deliveries d JOIN health_subscriptions s ON s.key = d.subscription_key
      WHERE d.progress IS NOT NULL AND d.root_activity_id IS NOT NULL;
    DROP TABLE health_deliveries;
  `,
};
