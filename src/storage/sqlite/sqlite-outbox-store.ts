import { fromJson } from './json-column';
import type { Database as Db, Statement } from 'better-sqlite3';
import {
  OUTBOX_STATES,
  type NewOutboxItem,
  type OutboxCounts,
  type OutboxError,
  type OutboxItem,
  type OutboxResult,
  type OutboxState,
  type OutboxStore,
} from '../../ports/outbox-store';

type Row = {
  seq: number;
  key: string;
  kind: string;
  lane: string;
  tenant: string;
  target: string;
  payload: string;
  grp: string | null;
  state: OutboxState;
  attempts: number;
  not_before: number;
  created_at: number;
  result: string | null;
  error: string | null;
  claim_holder: string | null;
  claim_until: number;
};

const toItem = (r: Row): OutboxItem => {
  const item: OutboxItem = {
    key: r.key,
    kind: r.kind,
    lane: r.lane,
    tenant: r.tenant,
    to: fromJson(r.target),
    payload: fromJson(r.payload),
    state: r.state,
    attempts: r.attempts,
    notBefore: r.not_before,
    createdAt: r.created_at,
  };
  if (r.grp !== null) item.group = r.grp;
  if (r.result !== null) item.result = fromJson(r.result);
  if (r.error !== null) item.error = fromJson(r.error);
  if (r.claim_holder !== null) item.claim = { holder: r.claim_holder, until: r.claim_until };
  return item;
};

const OPEN = `state IN ('queued', 'sending')`;
const errorJson = (e: OutboxError | undefined) => (e ? JSON.stringify({ status: e.status, code: e.code }) : null);

export class SqliteOutboxStore implements OutboxStore {
  private readonly s: Record<string, Statement>;

  constructor(private readonly db: Db) {
    // Prepared once: the fan-out runs these a few thousand times per incident.
    this.s = {
      insert: db.prepare(
        `INSERT INTO outbox_items (key, kind, lane, tenant, target, payload, grp, state, not_before, created_at, updated_at, claim_holder, claim_until)
         VALUES (@key, @kind, @lane, @tenant, @target, @payload, @grp, 'queued', @notBefore, @now, @now, @holder, @until)
         ON CONFLICT(key) DO NOTHING`,
      ),
      get: db.prepare('SELECT * FROM outbox_items WHERE key = ?'),
      due: db.prepare(
        `SELECT i.* FROM (SELECT lane, MIN(seq) AS seq FROM outbox_items WHERE ${OPEN} GROUP BY lane) h
         JOIN outbox_items i ON i.seq = h.seq
         WHERE i.not_before <= @now AND i.claim_until <= @now AND i.lane NOT IN (SELECT lane FROM outbox_paused_lanes)
         ORDER BY i.not_before, i.seq LIMIT @limit`,
      ),
      // One statement decides, so two processes on one file never both hold the same item, and only a lane's head is taken.
      claim: db.prepare(
        `UPDATE outbox_items SET claim_holder = @holder, claim_until = @until
         WHERE key = @key AND ${OPEN} AND not_before <= @now
           AND (claim_holder IS NULL OR claim_holder = @holder OR claim_until <= @now)
           AND seq = (SELECT MIN(seq) FROM outbox_items o WHERE o.lane = outbox_items.lane AND o.state IN ('queued', 'sending'))
           AND lane NOT IN (SELECT lane FROM outbox_paused_lanes)`,
      ),
      markSending: db.prepare(
        `UPDATE outbox_items SET state = 'sending', attempts = attempts + 1, updated_at = @now
         WHERE key = @key AND claim_holder = @holder AND ${OPEN}`,
      ),
      complete: db.prepare(
        `UPDATE outbox_items SET state = @state, result = @result, error = NULL, claim_holder = NULL, claim_until = 0, updated_at = @now
         WHERE key = @key AND claim_holder = @holder AND ${OPEN}`,
      ),
      retryLater: db.prepare(
        `UPDATE outbox_items SET state = 'queued', not_before = @notBefore, error = COALESCE(@error, error), claim_holder = NULL, claim_until = 0, updated_at = @now
         WHERE key = @key AND claim_holder = @holder AND ${OPEN}`,
      ),
      fail: db.prepare(
        `UPDATE outbox_items SET state = @state, error = @error, claim_holder = NULL, claim_until = 0, updated_at = @now
         WHERE key = @key AND claim_holder = @holder AND ${OPEN}`,
      ),
      release: db.prepare('UPDATE outbox_items SET claim_holder = NULL, claim_until = 0 WHERE key = ? AND claim_holder = ?'),
    };
  }

  async enqueue(items: NewOutboxItem[], now: number, claim?: { holder: string; until: number }): Promise<string[]> {
    const added: string[] = [];
    this.db
      .transaction(() => {
        for (const i of items) {
          const res = this.s.insert.run({
            key: i.key,
            kind: i.kind,
            lane: i.lane,
            tenant: i.tenant,
            target: JSON.stringify(i.to),
            payload: JSON.stringify(i.payload),
            grp: i.group ?? null,
            notBefore: i.notBefore ?? now,
            now,
            holder: claim?.holder ?? null,
            until: claim?.until ?? 0,
          });
          if (res.changes === 1) added.push(i.key);
        }
      })
      .immediate();
    return added;
  }

  async get(key: string): Promise<OutboxItem | undefined> {
    const row = this.s.get.get(key) as Row | undefined;
    return row ? toItem(row) : undefined;
  }

  async due(now: number, limit: number): Promise<OutboxItem[]> {
    return (this.s.due.all({ now, limit }) as Row[]).map(toItem);
  }

  async claim(key: string, holder: string, until: number, now: number): Promise<OutboxItem | undefined> {
    if (this.s.claim.run({ key, holder, until, now }).changes !== 1) return undefined;
    return this.get(key);
  }

  async markSending(key: string, holder: string, now: number): Promise<boolean> {
    return this.s.markSending.run({ key, holder, now }).changes === 1;
  }

  async complete(key: string, holder: string, state: 'sent' | 'dry-run', result: OutboxResult, now: number): Promise<boolean> {
    return this.s.complete.run({ key, holder, state, result: JSON.stringify(result), now }).changes === 1;
  }

  async retryLater(key: string, holder: string, notBefore: number, error: OutboxError | undefined, now: number): Promise<boolean> {
    return this.s.retryLater.run({ key, holder, notBefore, error: errorJson(error), now }).changes === 1;
  }

  async fail(
    key: string,
    holder: string,
    state: 'failed' | 'gone' | 'cancelled',
    error: OutboxError | undefined,
    now: number,
  ): Promise<boolean> {
    return this.s.fail.run({ key, holder, state, error: errorJson(error), now }).changes === 1;
  }

  async release(key: string, holder: string): Promise<void> {
    this.s.release.run(key, holder);
  }

  async pauseLane(lane: string, now: number): Promise<void> {
    this.db.prepare('INSERT INTO outbox_paused_lanes (lane, paused_at) VALUES (?, ?) ON CONFLICT(lane) DO NOTHING').run(lane, now);
  }

  async resumeLane(lane: string): Promise<void> {
    this.db.prepare('DELETE FROM outbox_paused_lanes WHERE lane = ?').run(lane);
  }

  async pausedLanes(): Promise<string[]> {
    return (this.db.prepare('SELECT lane FROM outbox_paused_lanes ORDER BY lane').all() as { lane: string }[]).map((r) => r.lane);
  }

  async counts(group: string): Promise<OutboxCounts> {
    const counts = Object.fromEntries(OUTBOX_STATES.map((s) => [s, 0])) as OutboxCounts;
    const rows = this.db.prepare('SELECT state, COUNT(*) AS n FROM outbox_items WHERE grp = ? GROUP BY state').all(group) as {
      state: OutboxState;
      n: number;
    }[];
    for (const r of rows) counts[r.state] = r.n;
    return counts;
  }

  async backlog(): Promise<{ queued: number; oldestQueuedAt?: number; paused: number }> {
    const row = this.db
      .prepare(
        `SELECT SUM(CASE WHEN p.lane IS NULL THEN 1 ELSE 0 END) AS queued, MIN(CASE WHEN p.lane IS NULL THEN i.created_at END) AS oldest,
           SUM(CASE WHEN p.lane IS NULL THEN 0 ELSE 1 END) AS paused
         FROM outbox_items i LEFT JOIN outbox_paused_lanes p ON p.lane = i.lane WHERE i.${OPEN}`,
      )
      .get() as { queued: number | null; oldest: number | null; paused: number | null };
    const out: { queued: number; oldestQueuedAt?: number; paused: number } = { queued: row.queued ?? 0, paused: row.paused ?? 0 };
    if (row.oldest !== null) out.oldestQueuedAt = row.oldest;
    return out;
  }
}
