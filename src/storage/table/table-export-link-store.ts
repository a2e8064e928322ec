import type { TableClient } from '@azure/data-tables';
import type { ExportLink, ExportLinkStore } from '../../ports/export-link-store';
import { getRow, listRows, lit, mapLimit, statusOf, type Row } from './entities';

/**
 * One partition of links. It holds only live links and those within their grace period (DownloadLinks
 * takes expired ones on every mint), so its queries by expiry read a few hundred rows at most.
 */
const PK = 'link';

const toLink = (r: Row): ExportLink => ({
  tokenHash: String(r.rowKey),
  path: String(r.path),
  filename: String(r.filename),
  owner: String(r.owner),
  expiresAt: Number(r.expiresAt),
});

export class TableExportLinkStore implements ExportLinkStore {
  constructor(private readonly table: TableClient) {}

  async put(l: ExportLink): Promise<void> {
    await this.table.createEntity({
      partitionKey: PK,
      rowKey: l.tokenHash,
      path: l.path,
      filename: l.filename,
      owner: l.owner,
      expiresAt: l.expiresAt,
    });
  }

  async get(tokenHash: string): Promise<ExportLink | undefined> {
    if (!/^[A-Za-z0-9_-]+$/.test(tokenHash)) return undefined;
    const row = await getRow(this.table, PK, tokenHash);
    return row ? toLink(row) : undefined;
  }

  async takeExpired(before: number): Promise<ExportLink[]> {
    const rows = await listRows(this.table, `PartitionKey eq ${lit(PK)} and expiresAt lt ${before}`);
    // Each row goes to whoever deletes it: two instances sweeping at once never both return the same link.
    const taken = await mapLimit(rows, 8, async (r) => {
      try {
        await this.table.deleteEntity(PK, r.rowKey!, { etag: r.etag });
        return toLink(r);
      } catch (e) {
        if (statusOf(e) === 404 || statusOf(e) === 412) return undefined;
        throw e;
      }
    });
    return taken.filter((l): l is ExportLink => l !== undefined);
  }

  async orphanedFiles(now: number): Promise<string[]> {
    const rows = await listRows(this.table, `PartitionKey eq ${lit(PK)}`, ['path', 'expiresAt']);
    const live = new Set(rows.filter((r) => Number(r.expiresAt) > now).map((r) => String(r.path)));
    return [...new Set(rows.filter((r) => Number(r.expiresAt) <= now).map((r) => String(r.path)))].filter((p) => !live.has(p));
  }
}
