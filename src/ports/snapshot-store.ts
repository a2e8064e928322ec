/**
 * What the bot last saw of something it reads from Graph, for when Graph can't be asked: registration
 * report rows kept by scans (status falls back to them when the reports bucket is busy), and later the
 * last good answers shown while Graph fails. Values are the bot's own copies of report fields and card
 * data, never a secret. Everything expires: these are personal data, kept no longer than they help.
 */
export type SnapshotKind = 'registration' | 'status' | 'scan' | 'health' | 'helpdesk' | 'impact' | 'runbook' | 'report';

export interface Snapshot<T> {
  value: T;
  /** When the bot saw it (epoch ms); shown to the reader as the data's age. */
  at: number;
}

export interface SnapshotStore {
  /** Writes each entry, replacing an older one with the same kind and key (keys are case-insensitive). */
  put(kind: SnapshotKind, entries: Array<{ key: string; value: unknown; at: number; expiresAt: number }>): Promise<void>;
  /** The entry if it has not expired by `now`. */
  get<T>(kind: SnapshotKind, key: string, now: number): Promise<Snapshot<T> | undefined>;
  /** Deletes entries that expired before `now`; returns how many. */
  purgeExpired(now: number): Promise<number>;
}
