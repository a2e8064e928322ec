import type { Database } from 'better-sqlite3';
import type { ExportLink, ExportLinkStore } from '../../ports/export-link-store';

type Row = { token_hash: string; path: string; filename: string; owner: string; expires_at: number };
const toLink = (r: Row): ExportLink => ({
  tokenHash: r.token_hash,
  path: r.path,
  filename: r.filename,
  owner: r.owner,
  expiresAt: Number(r.expires_at),
});

export class SqliteExportLinkStore implements ExportLinkStore {
  constructor(private readonly db: Database) {}

  async put(l: ExportLink): Promise<void> {
    this.db
      .prepare('INSERT INTO export_links (token_hash, path, filename, owner, expires_at) VALUES (?, ?, ?, ?, ?)')
      .run(l.tokenHash, l.path, l.filename, l.owner, l.expiresAt);
  }

  async get(tokenHash: string): Promise<ExportLink | undefined> {
    const row = this.db.prepare('SELECT * FROM export_links WHERE token_hash = ?').get(tokenHash) as Row | undefined;
    return row ? toLink(row) : undefined;
  }

  async takeExpired(before: number): Promise<ExportLink[]> {
    return this.db.transaction(() => {
      const rows = this.db.prepare('SELECT * FROM export_links WHERE expires_at < ?').all(before) as Row[];
      this.db.prepare('DELETE FROM export_links WHERE expires_at < ?').run(before);
      return rows.map(toLink);
    })();
  }

  async orphanedFiles(now: number): Promise<string[]> {
    const rows = this.db
      .prepare(
        'SELECT DISTINCT path FROM export_links WHERE expires_at <= ? AND path NOT IN (SELECT path FROM export_links WHERE expires_at > ?)',
      )
      .all(now, now) as Array<{ path: string }>;
    return rows.map((r) => r.path);
  }
}
