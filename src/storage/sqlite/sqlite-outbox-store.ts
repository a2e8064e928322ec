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
import { tallyBacklog, type Backlog } from '../rules/outbox-backlog-rule';
import { mayClaim, UNFINISHED_STATES, type ClaimFacts } from '../rules/outbox-claim-rule';
import { sqlInList } from './sql-in-list';

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

const OPEN = `state IN (${sqlInList(UNFINISHED_STATES)})`;
/** A row as the claim rule reads it. */
const factsOf = (r: Row): ClaimFacts => ({
  state: r.state,
  notBefore: r.not_before,
  claim: r.claim_holder === null ? undefined : { holder: r.claim_holder, until: r.claim_until },
});
const errorJson = (e: OutboxError | undefined) => (e ? JSON.stringify({ status: e.status, code: e.code }) : null);

export class SqliteOutboxStore implements OutboxStore {
  private readonly s: Record<string, Statement>;
  private readonly takeClaim: (key: string, holder: string, until: number, now: number) => OutboxItem | undefined;

  constructor(private readonly db: Db) {
    // Prepared once: the fan-out runs these a few thousand times per incident.
    this.s = {
      insert: db.prepare(
        `INSERT INTO outbox_items (key, kind, lane, tenant, target, payload, grp, state, not_before, created_at, updated_at, claim_holder, claim_until)
         VALUES (@key, @kind, @lane, @tenant, @target, @payload, @grp, 'queued', @notBefore, @now, @now, @holder, @until)
         ON CONFLICT(key) DO NOTHING`,
      ),
      get: db.prepare('SELECT * FROM outbox_items WHERE key = ?'),
      // Lane heads, in the order due() offers them; SQL narrows to those whose notBefore has come, the rule decides.
      due: db.prepare(
        `SELECT i.*, p.lane IS NOT NULL AS paused
         FROM (SELECT lane, MIN(seq) AS seq FROM outbox_items WHERE ${OPEN} GROUP BY lane) h
         JOIN outbox_items i ON i.seq = h.seq LEFT JOIN outbox_paused_lanes p ON p.lane = i.lane
         WHERE i.not_before <= @now
         ORDER BY i.not_before, i.seq`,
      ),
      claimable: db.prepare(
        `SELECT i.*, i.seq = (SELECT MIN(seq) FROM outbox_items o WHERE o.lane = i.lane AND o.${OPEN}) AS is_head,
           EXISTS (SELECT 1 FROM outbox_paused_lanes p WHERE p.lane = i.lane) AS paused
         FROM outbox_items i WHERE i.key = ?`,
      ),
      claim: db.prepare('UPDATE outbox_items SET claim_holder = @holder, claim_until = @until WHERE key = @key'),
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
      // Lanes summed up by whether they are paused: the rule tallies paused and unpaused parts alike.
      backlog: db.prepare(
        `SELECT p.lane IS NOT NULL AS paused, COUNT(*) AS n, MIN(i.created_at) AS oldest
         FROM outbox_items i LEFT JOIN outbox_paused_lanes p ON p.lane = i.lane WHERE i.${OPEN} GROUP BY 1`,
      ),
    };
    // Read, judged by the rule and written under the write lock (BEGIN IMMEDIATE), so two processes on one file
    // never both hold the same item.
    const take = db.transaction((key: string, holder: string, until: number, now: number) => {
      const row = this.s.claimable.get(key) as (Row & { is_head: number; paused: number }) | undefined;
      if (!row || !mayClaim(factsOf(row), { isHead: row.is_head === 1, paused: row.paused === 1 }, now, holder)) return undefined;
      this.s.claim.run({ key, holder, until });
      return { ...toItem(row), claim: { holder, until } };
    });
    this.takeClaim = (...args) => take.immediate(...args);
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
    const heads: OutboxItem[] = [];
    if (limit <= 0) return heads;
    for (const row of this.s.due.iterate({ now }) as IterableIterator<Row & { paused: number }>) {
      if (!mayClaim(factsOf(row), { isHead: true, paused: row.paused === 1 }, now)) continue;
      heads.push(toItem(row));
      if (heads.length >= limit) break;
    }
    return heads;
  }

  async claim(key: string, holder: string, until: number, now: number): Promise<OutboxItem | undefined> {
    return this.takeClaim(key, holder, until, now);
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

  async backlog(): Promise<Backlog> {
    const lanes = this.s.backlog.all() as { n: number; oldest: number; paused: number }[];
    return tallyBacklog(lanes.map((l) => ({ paused: l.paused === 1, items: l.n, oldestCreatedAt: l.oldest })));
  }
}
