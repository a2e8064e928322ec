import type { ExportLink, ExportLinkStore } from '../../ports/export-link-store';

export class MemoryExportLinkStore implements ExportLinkStore {
  private readonly links = new Map<string, ExportLink>();

  async put(link: ExportLink): Promise<void> {
    // Token hashes are unique; a repeat is a bug upstream, and SQLite refuses it too.
    if (this.links.has(link.tokenHash)) throw new Error('an export link with this token hash is already stored');
    this.links.set(link.tokenHash, structuredClone(link));
  }

  async get(tokenHash: string): Promise<ExportLink | undefined> {
    const link = this.links.get(tokenHash);
    return link ? structuredClone(link) : undefined;
  }

  async takeExpired(before: number): Promise<ExportLink[]> {
    const expired = [...this.links.values()].filter((l) => l.expiresAt < before);
    for (const l of expired) this.links.delete(l.tokenHash);
    return expired;
  }

  async orphanedFiles(now: number): Promise<string[]> {
    const live = new Set([...this.links.values()].filter((l) => l.expiresAt > now).map((l) => l.path));
    return [...new Set([...this.links.values()].map((l) => l.path))].filter((p) => !live.has(p));
  }
}
