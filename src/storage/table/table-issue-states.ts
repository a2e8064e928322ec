import type { TableClient, TransactionAction } from '@azure/data-tables';
import type { HealthIssue } from '../../domain/health-types';
import type { IssueStateStore } from '../../ports/health-store';
import { chunk, getRow, key, listRows, lit, packJson, statusOf, transact, unpackJson } from './entities';

/**
 * The poller's issues and its watermark in one partition (a tenant has some hundreds of issues a year), so
 * a poll's issues and the watermark are written in transactions on ETags: an issue is only replaced by a
 * version at least as new, the watermark only moves forward. Issue bodies are split over properties (a
 * long post history exceeds one property's 64 KiB).
 */
const PK = 'issue';
const WATERMARK = '~watermark';

export class TableIssueStates implements IssueStateStore {
  constructor(private readonly table: TableClient) {}

  async watermark(): Promise<string | undefined> {
    const row = await getRow(this.table, PK, WATERMARK);
    return row ? String(row.value) : undefined;
  }

  async saveIssues(issues: HealthIssue[], watermark: string | undefined, now: number): Promise<void> {
    const latest = new Map<string, HealthIssue>();
    for (const i of issues) {
      const known = latest.get(i.id);
      if (!known || i.lastModifiedDateTime >= known.lastModifiedDateTime) latest.set(i.id, i);
    }
    // Up to 99 issues per transaction; the watermark goes with the last one, so it never runs ahead of them.
    const batches = chunk([...latest.values()], 99);
    if (batches.length === 0) batches.push([]);
    for (const [n, batch] of batches.entries()) {
      const last = n === batches.length - 1;
      for (let attempt = 0; ; attempt++) {
        try {
          await transact(this.table, await this.actions(batch, last ? watermark : undefined, now));
          break;
        } catch (e) {
          if ((statusOf(e) !== 409 && statusOf(e) !== 412) || attempt >= 10) throw e;
        }
      }
    }
  }

  private async actions(batch: HealthIssue[], watermark: string | undefined, now: number): Promise<TransactionAction[]> {
    const stored = new Map<string, { lm: string; etag: string }>();
    if (batch.length) {
      const rows = await listRows(this.table, `PartitionKey eq ${lit(PK)} and RowKey ne ${lit(WATERMARK)}`, ['RowKey', 'lastModified']);
      for (const r of rows) stored.set(String(r.rowKey), { lm: String(r.lastModified), etag: r.etag });
    }
    const actions: TransactionAction[] = [];
    for (const i of batch) {
      const entity = {
        partitionKey: PK,
        rowKey: key(i.id),
        lastModified: i.lastModifiedDateTime,
        isResolved: i.isResolved,
        seenAt: now,
        ...packJson(i, 'body'),
      };
      const known = stored.get(key(i.id));
      if (!known) actions.push(['create', entity]);
      else if (i.lastModifiedDateTime >= known.lm) actions.push(['update', entity, 'Replace', { etag: known.etag }]);
    }
    if (watermark) {
      const row = await getRow(this.table, PK, WATERMARK);
      if (!row) actions.push(['create', { partitionKey: PK, rowKey: WATERMARK, value: watermark }]);
      else if (watermark > String(row.value))
        actions.push(['update', { partitionKey: PK, rowKey: WATERMARK, value: watermark }, 'Replace', { etag: row.etag }]);
    }
    return actions;
  }

  async get(id: string): Promise<HealthIssue | undefined> {
    const row = await getRow(this.table, PK, key(id));
    return row && row.rowKey !== WATERMARK ? unpackJson<HealthIssue>(row, 'body') : undefined;
  }

  async issuesChangedSince(iso: string): Promise<HealthIssue[]> {
    const rows = await listRows(this.table, `PartitionKey eq ${lit(PK)} and RowKey ne ${lit(WATERMARK)} and lastModified ge ${lit(iso)}`);
    return rows.sort((a, b) => (String(a.lastModified) < String(b.lastModified) ? -1 : 1)).map((r) => unpackJson<HealthIssue>(r, 'body'));
  }

  async openIssues(): Promise<HealthIssue[]> {
    const rows = await listRows(this.table, `PartitionKey eq ${lit(PK)} and RowKey ne ${lit(WATERMARK)} and isResolved eq false`);
    return rows.sort((a, b) => (String(a.lastModified) > String(b.lastModified) ? -1 : 1)).map((r) => unpackJson<HealthIssue>(r, 'body'));
  }
}
