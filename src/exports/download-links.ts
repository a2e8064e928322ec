import { createHash, randomBytes } from 'node:crypto';
import type { ExportFileWriter, ExportFiles } from '../ports/export-files';
import type { ExportLink, ExportLinkStore } from '../ports/export-link-store';

export const LINK_TTL_MS = 15 * 60_000;

export type DownloadEntry = Pick<ExportLink, 'path' | 'filename' | 'owner' | 'expiresAt'>;

export type Redeemed = { kind: 'ok'; entry: DownloadEntry } | { kind: 'expired' } | { kind: 'unknown' };

/**
 * Short-lived download links for exports. A link is a 256-bit random token, stored only as its SHA-256
 * (so a database or log dump holds nothing usable), bound to one requester and one file, valid 15 minutes.
 * Links live in the shared store and files in `files` (local disk, or a blob container that every instance
 * reads), so a restart, or with STORE=table another instance, still honours them.
 * A file is deleted as soon as every link to it has expired; the link row stays a grace period longer so
 * "expired" can still be told apart from "unknown".
 */
export class DownloadLinks {
  /** Where links point; start-bot sets it to PUBLIC_URL or the address it listens on. */
  baseUrl = 'http://127.0.0.1:3978';

  constructor(
    readonly files: ExportFiles,
    private readonly store: ExportLinkStore,
    private readonly now: () => number,
    private readonly ttlMs = LINK_TTL_MS,
  ) {}

  /** A fresh export file; nothing links to it until mint(). */
  newFile(): ExportFileWriter {
    return this.files.create();
  }

  async mint(path: string, filename: string, owner: string): Promise<{ url: string; expiresAt: number }> {
    await this.sweep();
    const token = randomBytes(32).toString('base64url');
    const expiresAt = this.now() + this.ttlMs;
    await this.store.put({ tokenHash: hash(token), path, filename, owner, expiresAt });
    return { url: `${this.baseUrl.replace(/\/+$/, '')}/exports/${token}`, expiresAt };
  }

  async redeem(token: string): Promise<Redeemed> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { kind: 'unknown' };
    const entry = await this.store.get(hash(token));
    if (!entry) return { kind: 'unknown' };
    if (this.now() >= entry.expiresAt) {
      await this.sweep();
      return { kind: 'expired' };
    }
    return { kind: 'ok', entry };
  }

  /** Deletes files no live link points at, and forgets links expired for longer than the grace period. */
  async sweep(): Promise<void> {
    const now = this.now();
    for (const path of await this.store.orphanedFiles(now)) await this.files.remove(path);
    await this.store.takeExpired(now - this.ttlMs);
  }
}

function hash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
