import type { TableClient, TransactionAction } from '@azure/data-tables';
import {
  OPEN_TAP_STATUSES,
  TAP_STATUSES,
  targetKeyOf,
  type TapAuditEntry,
  type TapCardRef,
  type TapRequest,
  type TapStatus,
} from '../../domain/tap-request';
import type { TapStore } from '../../ports/tap-store';
import { dueAtOf, pickDueTaps, TAP_DUE_LIMIT, type TapDueClock } from '../rules/tap-due-rule';
import { failedIndex, getRow, key, listRows, lit, mapLimit, packJson, pad, statusOf, transact, unpackJson } from './entities';
import { TapTrail } from './table-tap-trail';

/**
 * TAP requests on Table Storage. Requests are few (people ask for them), so they share one partition with
 * everything that must change with them, and every change is one transaction there:
 *   r:<id>                          the request (its status is the truth; the document is packed JSON)
 *   open:<user>                     the guard: exists exactly while the user has an open request
 *   due:t:<instant>:<id>            due on the sweep's clock, at the instant the due rule gives (tap-due-rule.ts)
 *   due:d:<instant>:<id>            due on the stuck cutoff's clock: approved, by decision time
 *   by:<requester>:<createdAt>:<id> requests by requester, for the hourly limit
 * A transition reads the request and writes it on its ETag (412: someone else moved it first).
 * Cards live in a partition per request; the trail in its own partitions (table-tap-trail.ts).
 */
const PK = 'tap';
const OPEN = new Set<TapStatus>(OPEN_TAP_STATUSES);
/** Index rows by the clock the due rule compares with. */
const DUE_PREFIX: Record<TapDueClock, string> = { now: 'due:t:', stuck: 'due:d:' };

const requestRk = (id: string) => `r:${key(id)}`;
const guardRk = (targetKey: string) => `open:${key(targetKey)}`;

/** The index rows a request in this state has, by row key. */
function indexRows(r: TapRequest): string[] {
  const rows = [`by:${key(r.requester.id.toLowerCase())}:${pad(r.createdAt)}:${key(r.id)}`];
  const due = dueAtOf(r);
  if (due) rows.push(`${DUE_PREFIX[due.clock]}${pad(due.at)}:${key(r.id)}`);
  return rows;
}

const requestEntity = (r: TapRequest) => ({ partitionKey: PK, rowKey: requestRk(r.id), status: r.status, ...packJson(r, 'doc') });
const fromRow = (row: Record<string, unknown>): TapRequest => ({ ...unpackJson<TapRequest>(row, 'doc'), status: row.status as TapStatus });

export class TableTapStore implements TapStore {
  private readonly trail: TapTrail;
  private order = 0;

  constructor(private readonly table: TableClient) {
    this.trail = new TapTrail(table);
  }

  async create(req: TapRequest): Promise<'created' | 'target-busy'> {
    const actions: TransactionAction[] = [['create', requestEntity(req)]];
    const open = OPEN.has(req.status);
    if (open) actions.push(['create', { partitionKey: PK, rowKey: guardRk(targetKeyOf(req)), requestId: req.id }]);
    for (const rk of indexRows(req)) actions.push(['create', { partitionKey: PK, rowKey: rk, requestId: req.id }]);
    try {
      await transact(this.table, actions);
      return 'created';
    } catch (e) {
      if (statusOf(e) === 409 && open && failedIndex(e) === 1) return 'target-busy';
      if (statusOf(e) === 409 && failedIndex(e) === 0) throw new Error(`TAP request ${req.id} is already stored`, { cause: e });
      throw e;
    }
  }

  async get(id: string): Promise<TapRequest | undefined> {
    const row = await getRow(this.table, PK, requestRk(id));
    return row ? fromRow(row) : undefined;
  }

  async transition(from: TapStatus, next: TapRequest): Promise<boolean> {
    for (;;) {
      const row = await getRow(this.table, PK, requestRk(next.id));
      if (!row || row.status !== from) return false;
      const prev = fromRow(row);
      const actions: TransactionAction[] = [['update', requestEntity(next), 'Replace', { etag: row.etag }]];
      const [prevKey, nextKey] = [targetKeyOf(prev), targetKeyOf(next)];
      const [wasOpen, isOpen] = [OPEN.has(prev.status), OPEN.has(next.status)];
      if (wasOpen && (!isOpen || prevKey !== nextKey)) actions.push(['delete', { partitionKey: PK, rowKey: guardRk(prevKey) }]);
      const guardAt = actions.length;
      if (isOpen && (!wasOpen || prevKey !== nextKey))
        actions.push(['create', { partitionKey: PK, rowKey: guardRk(nextKey), requestId: next.id }]);
      const [before, after] = [indexRows(prev), indexRows(next)];
      for (const rk of before.filter((r) => !after.includes(r))) actions.push(['delete', { partitionKey: PK, rowKey: rk }]);
      for (const rk of after.filter((r) => !before.includes(r)))
        actions.push(['create', { partitionKey: PK, rowKey: rk, requestId: next.id }]);
      try {
        await transact(this.table, actions);
        return true;
      } catch (e) {
        if (statusOf(e) === 412) continue; // moved by someone else meanwhile: still in `from`?
        if (statusOf(e) === 409 && failedIndex(e) === guardAt)
          throw new Error(`another open TAP request for ${nextKey} exists`, { cause: e });
        throw e;
      }
    }
  }

  async openFor(targetId: string): Promise<TapRequest | undefined> {
    const guard = await getRow(this.table, PK, guardRk(targetId.toLowerCase()));
    if (!guard) return undefined;
    const req = await this.get(String(guard.requestId));
    return req && OPEN.has(req.status) ? req : undefined;
  }

  async countByRequesterSince(requesterId: string, since: number): Promise<number> {
    const prefix = `by:${key(requesterId.toLowerCase())}:`;
    const rows = await listRows(
      this.table,
      `PartitionKey eq ${lit(PK)} and RowKey ge ${lit(prefix + pad(Math.floor(since) + 1))} and RowKey lt ${lit(`${prefix.slice(0, -1)};`)}`,
      ['RowKey'],
    );
    return rows.length;
  }

  /** Read by a metrics gauge now and then: requests are few, so reading their status column is cheap. */
  async countByStatus(): Promise<Record<TapStatus, number>> {
    const counts = Object.fromEntries(TAP_STATUSES.map((s) => [s, 0])) as Record<TapStatus, number>;
    const rows = await listRows(this.table, `PartitionKey eq ${lit(PK)} and RowKey ge 'r:' and RowKey lt 'r;'`, ['status']);
    for (const r of rows) counts[r.status as TapStatus] += 1;
    return counts;
  }

  async due(now: number, stuckBefore: number): Promise<TapRequest[]> {
    // The index narrows to requests whose due instant has come; the rule judges each one as read.
    const range = (clock: TapDueClock, upTo: number) =>
      `PartitionKey eq ${lit(PK)} and RowKey ge ${lit(DUE_PREFIX[clock])} and RowKey lt ${lit(DUE_PREFIX[clock] + pad(upTo + 1))}`;
    const [timed, stuck] = await Promise.all([
      listRows(this.table, range('now', now), ['requestId'], TAP_DUE_LIMIT),
      listRows(this.table, range('stuck', stuckBefore), ['requestId'], 10 * TAP_DUE_LIMIT),
    ]);
    const ids = [...new Set([...timed, ...stuck].map((r) => String(r.requestId)))];
    const reqs = (await mapLimit(ids, 16, (id) => this.get(id))).filter((r): r is TapRequest => r !== undefined);
    return pickDueTaps(reqs, now, stuckBefore);
  }

  async addCard(card: TapCardRef): Promise<void> {
    const conversationId = String((card.ref.conversation as { id?: string } | undefined)?.id ?? '');
    // A card added again moves to the end, as the SQL backend's INSERT OR REPLACE does.
    this.order = Math.max(this.order + 1, Date.now() * 1000);
    await this.table.upsertEntity(
      {
        partitionKey: `c:${key(card.requestId)}`,
        rowKey: `${key(conversationId)}:${key(card.activityId)}`,
        order: pad(this.order / 1000) + String(this.order % 1000).padStart(3, '0'),
        ...packJson(card, 'card'),
      },
      'Replace',
    );
  }

  async cards(requestId: string): Promise<TapCardRef[]> {
    const rows = await listRows(this.table, `PartitionKey eq ${lit(`c:${key(requestId)}`)}`);
    return rows.sort((a, b) => (String(a.order) < String(b.order) ? -1 : 1)).map((r) => unpackJson<TapCardRef>(r, 'card'));
  }

  /** store:migrate: a card in the place it had in the old store (`position`: its order there), unless already there. */
  async restoreCard(card: TapCardRef, position: number): Promise<'created' | 'same'> {
    const conversationId = String((card.ref.conversation as { id?: string } | undefined)?.id ?? '');
    const pk = `c:${key(card.requestId)}`;
    const rk = `${key(conversationId)}:${key(card.activityId)}`;
    const known = await getRow(this.table, pk, rk);
    if (known && JSON.stringify(unpackJson(known, 'card')) === JSON.stringify(card)) return 'same';
    // Below every order addCard gives (those start from the clock), so cards added later sort after.
    await this.table.upsertEntity({ partitionKey: pk, rowKey: rk, order: `0${pad(position)}`, ...packJson(card, 'card') }, 'Replace');
    return 'created';
  }

  /** store:migrate: the trail entry with its place in the old trail. */
  restoreAudit(entry: TapAuditEntry, seq: number): Promise<'created' | 'same'> {
    return this.trail.restore(entry, seq);
  }

  audit(entry: TapAuditEntry): Promise<void> {
    return this.trail.add(entry);
  }

  history(opts: { targetId?: string; limit: number }): Promise<TapAuditEntry[]> {
    return this.trail.newest(opts);
  }
}
