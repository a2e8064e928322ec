import type { Snapshot, SnapshotKind, SnapshotStore } from '../../ports/snapshot-store';

type Entry = { value: unknown; at: number; expiresAt: number };

export class MemorySnapshotStore implements SnapshotStore {
  private readonly entries = new Map<string, Entry>();

  async put(kind: SnapshotKind, entries: Array<{ key: string; value: unknown; at: number; expiresAt: number }>): Promise<void> {
    for (const e of entries) {
      const id = `${kind}|${e.key.toLowerCase()}`;
      const old = this.entries.get(id);
      if (old && old.at > e.at) continue;
      this.entries.set(id, { value: structuredClone(e.value), at: e.at, expiresAt: e.expiresAt });
    }
  }

  async get<T>(kind: SnapshotKind, key: string, now: number): Promise<Snapshot<T> | undefined> {
    const e = this.entries.get(`${kind}|${key.toLowerCase()}`);
    return e && e.expiresAt > now ? { value: structuredClone(e.value) as T, at: e.at } : undefined;
  }

  async purgeExpired(now: number): Promise<number> {
    let n = 0;
    for (const [id, e] of this.entries) {
      if (e.expiresAt <= now) {
        this.entries.delete(id);
        n++;
      }
    }
    return n;
  }
}
