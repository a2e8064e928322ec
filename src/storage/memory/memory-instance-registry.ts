import type { InstanceRegistry } from '../../ports/instance-registry';

export class MemoryInstanceRegistry implements InstanceRegistry {
  private readonly alive = new Map<string, number>();

  async heartbeat(id: string, now: number, ttlMs: number): Promise<number> {
    this.alive.set(id, now + ttlMs);
    for (const [other, until] of this.alive) if (until <= now) this.alive.delete(other);
    return this.alive.size;
  }

  async leave(id: string): Promise<void> {
    this.alive.delete(id);
  }
}
