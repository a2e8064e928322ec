import type { Database as Db } from 'better-sqlite3';
import { TAP_STATUSES, targetKeyOf, type TapAuditEntry, type TapCardRef, type TapRequest, type TapStatus } from '../../domain/tap-request';
import type { TapStore } from '../../ports/tap-store';
import { pickDueTaps, TAP_DUE_STATUSES } from '../rules/tap-due-rule';
import { sqlInList } from './sql-in-list';

interface RequestRow {
  status: TapStatus;
  doc: string;
}

type DueRow = RequestRow & { expires_at: number; next_try_at: number | null; decided_at: number | null };

const fromRow = (row: RequestRow | undefined): TapRequest | undefined =>
  row ? { ...(JSON.parse(row.doc) as TapRequest), status: row.status } : undefined;

/** TAP requests in SQLite; the `status` column is the truth and every change is a compare-and-set on it. */
export class SqliteTapStore implements TapStore {
  constructor(private readonly db: Db) {}

  async create(req: TapRequest): Promise<'created' | 'target-busy'> {
    try {
      this.db
        .prepare(
          `INSERT INTO tap_requests (id, target_id, requester_id, status, created_at, expires_at, decided_at, next_try_at, doc)
           VALUES (@id, @target, @requester, @status, @created, @expires, @decided, @nextTry, @doc)`,
        )
        .run({
          id: req.id,
          target: targetKeyOf(req),
          requester: req.requester.id.toLowerCase(),
          status: req.status,
          created: req.createdAt,
          expires: req.expiresAt,
          decided: req.decidedAt ?? null,
          nextTry: req.nextTryAt ?? null,
          doc: JSON.stringify(req),
        });
      return 'created';
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return 'target-busy';
      throw e;
    }
  }

  async get(id: string): Promise<TapRequest | undefined> {
    return fromRow(this.db.prepare('SELECT status, doc FROM tap_requests WHERE id = ?').get(id) as RequestRow | undefined);
  }

  async transition(from: TapStatus, next: TapRequest): Promise<boolean> {
    const res = this.db
      .prepare(
        `UPDATE tap_requests SET status = @to, target_id = @target, expires_at = @expires, decided_at = @decided, next_try_at = @nextTry, doc = @doc
         WHERE id = @id AND status = @from`,
      )
      .run({
        id: next.id,
        from,
        to: next.status,
        target: targetKeyOf(next),
        expires: next.expiresAt,
        decided: next.decidedAt ?? null,
        nextTry: next.nextTryAt ?? null,
        doc: JSON.stringify(next),
      });
    return res.changes === 1;
  }

  async openFor(targetId: string): Promise<TapRequest | undefined> {
    return fromRow(
      this.db
        .prepare(
          `SELECT status, doc FROM tap_requests WHERE target_id = ? AND status IN ('held', 'pending', 'approved', 'waiting', 'failed')`,
        )
        .get(targetId.toLowerCase()) as RequestRow | undefined,
    );
  }

  async countByRequesterSince(requesterId: string, since: number): Promise<number> {
    const row = this.db
      .prepare('SELECT COUNT(*) AS n FROM tap_requests WHERE requester_id = ? AND created_at > ?')
      .get(requesterId.toLowerCase(), since) as { n: number };
    return row.n;
  }

  async due(now: number, stuckBefore: number): Promise<TapRequest[]> {
    // SQL narrows, for speed, to the statuses that can be due and to rows one of whose instants has come (no due
    // instant is later than all of them); the rule judges each row from its columns.
    const rows = this.db
      .prepare(
        `SELECT status, expires_at, next_try_at, decided_at, doc FROM tap_requests
         WHERE status IN (${sqlInList(TAP_DUE_STATUSES)}) AND (expires_at <= @now OR next_try_at <= @now OR decided_at <= @stuck)`,
      )
      .all({ now, stuck: stuckBefore }) as DueRow[];
    const candidates = rows.map((row) => ({
      status: row.status,
      expiresAt: row.expires_at,
      nextTryAt: row.next_try_at ?? undefined,
      decidedAt: row.decided_at ?? undefined,
      row,
    }));
    return pickDueTaps(candidates, now, stuckBefore).map((c) => fromRow(c.row)!);
  }

  async addCard(card: TapCardRef): Promise<void> {
    const conversationId = String((card.ref.conversation as { id?: string } | undefined)?.id ?? '');
    this.db
      .prepare(
        `INSERT OR REPLACE INTO tap_cards (request_id, activity_id, conversation_id, role, approver_id, actionable, mentioned, ref)
         VALUES (@request, @activity, @conversation, @role, @approver, @actionable, @mentioned, @ref)`,
      )
      .run({
        request: card.requestId,
        activity: card.activityId,
        conversation: conversationId,
        role: card.role,
        approver: card.approverId ?? null,
        actionable: card.actionable ? 1 : 0,
        mentioned: JSON.stringify(card.mentioned),
        ref: JSON.stringify(card.ref),
      });
  }

  async cards(requestId: string): Promise<TapCardRef[]> {
    const rows = this.db.prepare('SELECT * FROM tap_cards WHERE request_id = ? ORDER BY rowid').all(requestId) as Array<
      Record<string, string | number | null>
    >;
    return rows.map((r) => ({
      requestId: String(r.request_id),
      role: r.role as TapCardRef['role'],
      approverId: r.approver_id === null ? undefined : String(r.approver_id),
      actionable: r.actionable === 1,
      mentioned: JSON.parse(String(r.mentioned)) as string[],
      ref: JSON.parse(String(r.ref)) as Record<string, unknown>,
      activityId: String(r.activity_id),
    }));
  }

  async audit(e: TapAuditEntry): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO tap_audit (request_id, at, event, actor_id, actor_name, target_id, target_upn, target_name, reason, lifetime_minutes, detail)
         VALUES (@request, @at, @event, @actorId, @actorName, @targetId, @targetUpn, @targetName, @reason, @lifetime, @detail)`,
      )
      .run({
        request: e.requestId,
        at: e.at,
        event: e.event,
        actorId: e.actor?.id ?? null,
        actorName: e.actor?.name ?? null,
        targetId: e.target.id.toLowerCase(),
        targetUpn: e.target.upn,
        targetName: e.target.name,
        reason: e.reason,
        lifetime: e.lifetimeMinutes,
        detail: e.detail ?? null,
      });
  }

  async countByStatus(): Promise<Record<TapStatus, number>> {
    const counts = Object.fromEntries(TAP_STATUSES.map((s) => [s, 0])) as Record<TapStatus, number>;
    const rows = this.db.prepare('SELECT status, COUNT(*) AS n FROM tap_requests GROUP BY status').all() as Array<{
      status: TapStatus;
      n: number;
    }>;
    for (const r of rows) counts[r.status] = r.n;
    return counts;
  }

  async history(opts: { targetId?: string; limit: number }): Promise<TapAuditEntry[]> {
    const rows = (
      opts.targetId
        ? this.db
            .prepare('SELECT * FROM tap_audit WHERE target_id = ? ORDER BY seq DESC LIMIT ?')
            .all(opts.targetId.toLowerCase(), opts.limit)
        : this.db.prepare('SELECT * FROM tap_audit ORDER BY seq DESC LIMIT ?').all(opts.limit)
    ) as Array<Record<string, string | number | null>>;
    return rows.map(toAuditEntry);
  }
}

/** A tap_audit row as the port's entry (store:migrate reads the table with it too). */
export function toAuditEntry(r: Record<string, string | number | null>): TapAuditEntry {
  return {
    requestId: String(r.request_id),
    at: Number(r.at),
    event: r.event as TapAuditEntry['event'],
    actor: r.actor_id ? { id: String(r.actor_id), name: String(r.actor_name ?? '') } : undefined,
    target: { id: String(r.target_id), upn: String(r.target_upn), name: String(r.target_name) },
    reason: String(r.reason),
    lifetimeMinutes: Number(r.lifetime_minutes),
    detail: r.detail === null ? undefined : String(r.detail),
  };
}
