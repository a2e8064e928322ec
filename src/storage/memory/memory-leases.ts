import type { LeaseStore } from '../../ports/store';

export class MemoryLeases implements LeaseStore {
  private readonly leases = new Map<string, { holder: string; expiresAt: number }>();

  async tryAcquire(name: string, holder: string, ttlMs: number, now: number): Promise<boolean> {
    const lease = this.leases.get(name);
    if (lease && lease.holder !== holder && lease.expiresAt > now) return false;
    this.leases.set(name, { holder, expiresAt: now + ttlMs });
    return true;
  }

  async release(name: string, holder: string): Promise<void> {
    if (this.leases.get(name)?.holder === holder) this.leases.delete(name);
  }
}
