import { systemClock, type Clock } from './clock';

/** Work that must finish before the process exits: HTTP turns and replies finished in the background. */
export class InFlight {
  private readonly pending = new Set<Promise<unknown>>();

  /** `clock` times drain()'s limit (scaled in tests). */
  constructor(private readonly clock: Clock = systemClock) {}

  get size(): number {
    return this.pending.size;
  }

  track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    const done = () => this.pending.delete(work);
    work.then(done, done);
    return work;
  }

  /** Resolves when everything tracked has settled, or after `timeoutMs`; true when it all finished. */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = this.clock.now() + timeoutMs;
    while (this.pending.size > 0) {
      const left = deadline - this.clock.now();
      if (left <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...this.pending]),
        new Promise<void>((r) => (timer = this.clock.setTimeout(() => r(), left))),
      ]);
      this.clock.clearTimeout(timer);
    }
    return true;
  }
}
