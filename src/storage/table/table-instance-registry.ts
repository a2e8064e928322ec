import type { TableClient } from '@azure/data-tables';
import type { InstanceRegistry } from '../../ports/instance-registry';
import { key, listRows, lit, mapLimit, statusOf } from './entities';

const PK = 'instance';

/**
 * Live instances on Table Storage: one row each in one partition, never more rows than instances that beat
 * within the last ttl (expired ones are deleted by whoever counts). Expiry is judged on the caller's `now`,
 * as the port says; a few seconds of clock skew only shifts when a dead instance stops counting.
 */
export class TableInstanceRegistry implements InstanceRegistry {
  constructor(private readonly table: TableClient) {}

  async heartbeat(id: string, now: number, ttlMs: number): Promise<number> {
    await this.table.upsertEntity({ partitionKey: PK, rowKey: key(id), expiresAt: now + ttlMs }, 'Replace');
    const rows = await listRows(this.table, `PartitionKey eq ${lit(PK)}`, ['RowKey', 'expiresAt']);
    const expired = rows.filter((r) => Number(r.expiresAt) <= now);
    await mapLimit(expired, 8, (r) =>
      this.table.deleteEntity(PK, r.rowKey!, { etag: r.etag }).catch((e: unknown) => {
        if (statusOf(e) !== 404 && statusOf(e) !== 412) throw e;
      }),
    );
    return rows.length - expired.length;
  }

  async leave(id: string): Promise<void> {
    await this.table.deleteEntity(PK, key(id)).catch((e: unknown) => {
      if (statusOf(e) !== 404) throw e;
    });
  }
}
