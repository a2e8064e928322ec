import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const LINK_TTL_MS = 15 * 60_000;

export interface DownloadEntry {
  path: string;
  filename: string;
  /** Entra object id of the helpdesk member the link was minted for. */
  owner: string;
  expiresAt: number;
}

export type Redeemed = { kind: 'ok'; entry: DownloadEntry } | { kind: 'expired' } | { kind: 'unknown' };

/**
 * Short-lived download links for exports. A link is a 256-bit random token, kept only as its SHA-256
 * (so a memory or log dump holds nothing usable), bound to one requester and one file, valid 15 minutes.
 * Files are deleted once their link has expired. In memory: a restart invalidates links, which is fine
 * for a 15-minute link and keeps export data out of the database.
 */
export class DownloadLinks {
  private readonly entries = new Map<string, DownloadEntry>();
  /** Where links point; start-bot sets it to PUBLIC_URL or the address it listens on. */
  baseUrl = 'http://127.0.0.1:3978';

  constructor(
    readonly dir: string,
    private readonly now: () => number,
    private readonly ttlMs = LINK_TTL_MS,
  ) {}

  /** A fresh path for an export file; nothing is listed until mint(). */
  newFilePath(): string {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    return join(this.dir, `${randomBytes(12).toString('hex')}.csv`);
  }

  mint(path: string, filename: string, owner: string): { url: string; expiresAt: number } {
    this.sweep();
    const token = randomBytes(32).toString('base64url');
    const expiresAt = this.now() + this.ttlMs;
    this.entries.set(hash(token), { path, filename, owner, expiresAt });
    return { url: `${this.baseUrl.replace(/\/+$/, '')}/exports/${token}`, expiresAt };
  }

  redeem(token: string): Redeemed {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { kind: 'unknown' };
    const key = hash(token);
    const entry = this.entries.get(key);
    if (!entry) return { kind: 'unknown' };
    if (this.now() >= entry.expiresAt) {
      this.sweep();
      return { kind: 'expired' };
    }
    return { kind: 'ok', entry };
  }

  /** Forgets expired links after a grace period (so "expired" can still be told apart) and deletes their files. */
  sweep(): void {
    const now = this.now();
    for (const [key, e] of this.entries) {
      if (now >= e.expiresAt) {
        if (![...this.entries.values()].some((o) => o !== e && o.path === e.path && now < o.expiresAt)) rmSync(e.path, { force: true });
        if (now >= e.expiresAt + this.ttlMs) this.entries.delete(key);
      }
    }
  }
}

function hash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
