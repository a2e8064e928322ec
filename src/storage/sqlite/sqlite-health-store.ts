import { fromJson } from './json-column';
import type { Database as Db } from 'better-sqlite3';
import type { HealthIssue, SubscriptionTarget } from '../../domain/health-types';
import { targetFromKey, targetKey } from '../../domain/identity-services';
import type {
  EnqueuedProgress,
  HealthStore,
  HealthSubscription,
  IssueStateStore,
  ProgressStore,
  SubscriptionStore,
} from '../../ports/health-store';

type SubRow = {
  key: string;
  kind: string;
  targets: string;
  tenant_id: string | null;
  service_url: string;
  conversation_id: string;
  team_id: string | null;
  channel_id: string | null;
  reference: string;
  active: number;
  inactive_reason: string | null;
  created_by: string | null;
};
type ProgressRow = {
  issue_id: string;
  subscription_key: string;
  series: string;
  progress: string | null;
  card_version: string | null;
};

const toSub = (r: SubRow): HealthSubscription => ({
  key: r.key,
  kind: r.kind as HealthSubscription['kind'],
  targets: fromJson<string[]>(r.targets)
    .map(targetFromKey)
    .filter((t): t is SubscriptionTarget => Boolean(t)),
  tenantId: r.tenant_id ?? undefined,
  serviceUrl: r.service_url,
  conversationId: r.conversation_id,
  teamId: r.team_id ?? undefined,
  channelId: r.channel_id ?? undefined,
  reference: fromJson(r.reference),
  active: r.active === 1,
  inactiveReason: r.inactive_reason ?? undefined,
  createdBy: r.created_by ?? undefined,
});

const toProgress = (r: ProgressRow): EnqueuedProgress => {
  const p: EnqueuedProgress = { issueId: r.issue_id, subscriptionKey: r.subscription_key, series: r.series };
  if (r.progress !== null) p.progress = fromJson(r.progress);
  if (r.card_version !== null) p.cardVersion = r.card_version;
  return p;
};

class Subscriptions implements SubscriptionStore {
  constructor(private readonly db: Db) {}

  async addTarget(
    sub: Omit<HealthSubscription, 'targets' | 'active'>,
    target: SubscriptionTarget,
    now: number,
  ): Promise<HealthSubscription> {
    const tx = this.db.transaction(() => {
      const row = this.db.prepare('SELECT targets FROM health_subscriptions WHERE key = ?').get(sub.key) as { targets: string } | undefined;
      const keys = new Set<string>(row ? fromJson<string[]>(row.targets) : []);
      // `all` covers everything; one service next to `all` would only be noise.
      if (target.kind === 'all') keys.clear();
      if (!keys.has('all')) keys.add(targetKey(target));
      this.db
        .prepare(
          `INSERT INTO health_subscriptions (key, kind, targets, tenant_id, service_url, conversation_id, team_id, channel_id, reference, active, inactive_reason, created_by, created_at, updated_at)
           VALUES (@key, @kind, @targets, @tenantId, @serviceUrl, @conversationId, @teamId, @channelId, @reference, 1, NULL, @createdBy, @now, @now)
           ON CONFLICT(key) DO UPDATE SET targets = excluded.targets, tenant_id = excluded.tenant_id, service_url = excluded.service_url,
             conversation_id = excluded.conversation_id, team_id = excluded.team_id, channel_id = excluded.channel_id,
             reference = excluded.reference, active = 1, inactive_reason = NULL, updated_at = excluded.updated_at`,
        )
        .run({
          key: sub.key,
          kind: sub.kind,
          targets: JSON.stringify([...keys]),
          tenantId: sub.tenantId ?? null,
          serviceUrl: sub.serviceUrl,
          conversationId: sub.conversationId,
          teamId: sub.teamId ?? null,
          channelId: sub.channelId ?? null,
          reference: JSON.stringify(sub.reference),
          createdBy: sub.createdBy ?? null,
          now,
        });
    });
    tx.immediate();
    return (await this.get(sub.key))!;
  }

  async removeTargets(key: string, target?: SubscriptionTarget): Promise<number> {
    const tx = this.db.transaction((): number => {
      const row = this.db.prepare('SELECT targets FROM health_subscriptions WHERE key = ?').get(key) as { targets: string } | undefined;
      if (!row) return 0;
      const keys: string[] = fromJson(row.targets);
      const left = target ? keys.filter((k) => k !== targetKey(target)) : [];
      if (left.length === 0) {
        this.db.prepare('DELETE FROM health_subscriptions WHERE key = ?').run(key);
        this.db.prepare('DELETE FROM health_progress WHERE subscription_key = ?').run(key);
      } else {
        this.db.prepare('UPDATE health_subscriptions SET targets = ? WHERE key = ?').run(JSON.stringify(left), key);
      }
      return keys.length - left.length;
    });
    return tx.immediate();
  }

  async get(key: string): Promise<HealthSubscription | undefined> {
    const row = this.db.prepare('SELECT * FROM health_subscriptions WHERE key = ?').get(key) as SubRow | undefined;
    return row ? toSub(row) : undefined;
  }

  async listActive(): Promise<HealthSubscription[]> {
    return (this.db.prepare('SELECT * FROM health_subscriptions WHERE active = 1 ORDER BY created_at, key').all() as SubRow[]).map(toSub);
  }

  async setActive(
    match: { key?: string; teamId?: string; conversationId?: string },
    active: boolean,
    reason: string | undefined,
    now: number,
  ): Promise<number> {
    const clauses: string[] = [];
    if (match.key) clauses.push('key = @key');
    if (match.teamId) clauses.push('team_id = @teamId');
    if (match.conversationId) clauses.push('conversation_id = @conversationId');
    if (clauses.length === 0) return 0;
    return this.db
      .prepare(
        `UPDATE health_subscriptions SET active = @active, inactive_reason = @reason, updated_at = @now WHERE (${clauses.join(' OR ')}) AND active != @active`,
      )
      .run({
        key: match.key ?? null,
        teamId: match.teamId ?? null,
        conversationId: match.conversationId ?? null,
        active: active ? 1 : 0,
        reason: active ? null : (reason ?? null),
        now,
      }).changes;
  }
}

class IssueStates implements IssueStateStore {
  constructor(private readonly db: Db) {}

  async watermark(): Promise<string | undefined> {
    const row = this.db.prepare("SELECT value FROM health_poller WHERE name = 'watermark'").get() as { value: string } | undefined;
    return row?.value;
  }

  async saveIssues(issues: HealthIssue[], watermark: string | undefined, now: number): Promise<void> {
    const upsert = this.db.prepare(
      `INSERT INTO health_issues (id, last_modified, is_resolved, body, seen_at) VALUES (@id, @lm, @resolved, @body, @now)
       ON CONFLICT(id) DO UPDATE SET last_modified = excluded.last_modified, is_resolved = excluded.is_resolved, body = excluded.body, seen_at = excluded.seen_at
       WHERE excluded.last_modified >= health_issues.last_modified`,
    );
    this.db
      .transaction(() => {
        for (const i of issues)
          upsert.run({ id: i.id, lm: i.lastModifiedDateTime, resolved: i.isResolved ? 1 : 0, body: JSON.stringify(i), now });
        if (watermark) {
          this.db
            .prepare(
              `INSERT INTO health_poller (name, value) VALUES ('watermark', @w)
               ON CONFLICT(name) DO UPDATE SET value = excluded.value WHERE excluded.value > health_poller.value`,
            )
            .run({ w: watermark });
        }
      })
      .immediate();
  }

  async get(id: string): Promise<HealthIssue | undefined> {
    const row = this.db.prepare('SELECT body FROM health_issues WHERE id = ?').get(id) as { body: string } | undefined;
    return row ? fromJson<HealthIssue>(row.body) : undefined;
  }

  async issuesChangedSince(iso: string): Promise<HealthIssue[]> {
    return (
      this.db.prepare('SELECT body FROM health_issues WHERE last_modified >= ? ORDER BY last_modified').all(iso) as { body: string }[]
    ).map((r) => fromJson<HealthIssue>(r.body));
  }

  async openIssues(): Promise<HealthIssue[]> {
    return (
      this.db.prepare('SELECT body FROM health_issues WHERE is_resolved = 0 ORDER BY last_modified DESC').all() as { body: string }[]
    ).map((r) => fromJson<HealthIssue>(r.body));
  }
}

class Progress implements ProgressStore {
  constructor(private readonly db: Db) {}

  async forIssue(issueId: string): Promise<Map<string, EnqueuedProgress>> {
    const rows = this.db.prepare('SELECT * FROM health_progress WHERE issue_id = ?').all(issueId) as ProgressRow[];
    return new Map(rows.map((r) => [r.subscription_key, toProgress(r)]));
  }

  async begin(issueId: string, subscriptionKey: string, series: string): Promise<EnqueuedProgress> {
    this.db
      .prepare(
        `INSERT INTO health_progress (issue_id, subscription_key, series) VALUES (?, ?, ?) ON CONFLICT(issue_id, subscription_key) DO NOTHING`,
      )
      .run(issueId, subscriptionKey, series);
    const row = this.db
      .prepare('SELECT * FROM health_progress WHERE issue_id = ? AND subscription_key = ?')
      .get(issueId, subscriptionKey) as ProgressRow;
    return toProgress(row);
  }

  async save(records: EnqueuedProgress[]): Promise<void> {
    const update = this.db.prepare(
      'UPDATE health_progress SET progress = @progress, card_version = @card WHERE issue_id = @issueId AND subscription_key = @key',
    );
    this.db
      .transaction(() => {
        for (const r of records)
          update.run({
            progress: r.progress ? JSON.stringify(r.progress) : null,
            card: r.cardVersion ?? null,
            issueId: r.issueId,
            key: r.subscriptionKey,
          });
      })
      .immediate();
  }
}

export function createSqliteHealthStore(db: Db): HealthStore {
  return { subscriptions: new Subscriptions(db), issues: new IssueStates(db), progress: new Progress(db) };
}
