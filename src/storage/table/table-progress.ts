import type { TableClient, TransactionAction } from '@azure/data-tables';
import type { EnqueuedProgress, ProgressStore } from '../../ports/health-store';
import { chunk, defined, failedIndex, getRow, key, listRows, lit, mapLimit, statusOf, transact, unkey, type Row } from './entities';

/**
 * What the poller has enqueued, one partition per issue (row = subscription), so an issue's records are
 * one query and saved in transactions of 100. An index partition per subscription (row = issue) lets a
 * subscription's records go with it without scanning every issue; it is written before the record, so an
 * index row may point at nothing, never the reverse.
 */
const byIssue = (issueId: string) => `i:${key(issueId)}`;
const bySub = (subscriptionKey: string) => `s:${key(subscriptionKey)}`;

const toRecord = (r: Row): EnqueuedProgress =>
  defined({
    issueId: String(r.issueId),
    subscriptionKey: String(r.subscriptionKey),
    series: String(r.series),
    progress: typeof r.progress === 'string' && r.progress ? (JSON.parse(r.progress) as EnqueuedProgress['progress']) : undefined,
    cardVersion: typeof r.cardVersion === 'string' && r.cardVersion ? r.cardVersion : undefined,
  });

export class TableProgress implements ProgressStore {
  constructor(private readonly table: TableClient) {}

  async forIssue(issueId: string): Promise<Map<string, EnqueuedProgress>> {
    const rows = await listRows(this.table, `PartitionKey eq ${lit(byIssue(issueId))}`);
    return new Map(rows.map((r) => [String(r.subscriptionKey), toRecord(r)]));
  }

  async begin(issueId: string, subscriptionKey: string, series: string): Promise<EnqueuedProgress> {
    await this.table.upsertEntity({ partitionKey: bySub(subscriptionKey), rowKey: key(issueId) }, 'Replace');
    try {
      await this.table.createEntity({ partitionKey: byIssue(issueId), rowKey: key(subscriptionKey), issueId, subscriptionKey, series });
      return { issueId, subscriptionKey, series };
    } catch (e) {
      if (statusOf(e) !== 409) throw e;
    }
    return toRecord((await getRow(this.table, byIssue(issueId), key(subscriptionKey)))!);
  }

  async save(records: EnqueuedProgress[]): Promise<void> {
    const groups = new Map<string, EnqueuedProgress[]>();
    for (const r of records)
      groups.set(r.issueId, [...(groups.get(r.issueId) ?? []).filter((o) => o.subscriptionKey !== r.subscriptionKey), r]);
    const batches = [...groups.values()].flatMap((g) => chunk(g, 100));
    await mapLimit(batches, 4, (batch) => this.saveBatch(batch));
  }

  /** Merge on "*": a record that was never begun (or went with its subscription) is a 404, dropped and the rest retried. */
  private async saveBatch(batch: EnqueuedProgress[]): Promise<void> {
    let left = batch;
    while (left.length) {
      const actions = left.map((r): TransactionAction => [
        'update',
        {
          partitionKey: byIssue(r.issueId),
          rowKey: key(r.subscriptionKey),
          // An empty string stands for "nothing enqueued yet": merge cannot remove a property.
          progress: r.progress ? JSON.stringify(r.progress) : '',
          cardVersion: r.cardVersion ?? '',
        },
        'Merge',
        { etag: '*' },
      ]);
      try {
        await transact(this.table, actions);
        return;
      } catch (e) {
        const i = failedIndex(e);
        if (statusOf(e) !== 404 || i === undefined) throw e;
        left = left.filter((_, n) => n !== i);
      }
    }
  }

  /** The subscription is gone: its records go too. */
  async forgetSubscription(subscriptionKey: string): Promise<void> {
    const index = await listRows(this.table, `PartitionKey eq ${lit(bySub(subscriptionKey))}`, ['RowKey']);
    await mapLimit(index, 8, async (ix) => {
      for (const [pk, rk] of [
        [byIssue(unkey(String(ix.rowKey))), key(subscriptionKey)],
        [bySub(subscriptionKey), String(ix.rowKey)],
      ])
        await this.table.deleteEntity(pk, rk).catch((e: unknown) => {
          if (statusOf(e) !== 404) throw e;
        });
    });
  }
}
