import type { Clock } from '../core/clock';
import type { Logger } from '../logger';
import type { InstanceRegistry } from '../ports/instance-registry';

/**
 * How many bot instances share the tenant's Graph quota, kept fresh by a heartbeat in the shared store.
 * Each instance then takes its part of every throttling bucket (RequestBudget's `share`). Between
 * heartbeats the last count stands; a store that can't be reached leaves it as it was.
 */
export class InstanceShare {
  private live = 1;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly registry: InstanceRegistry,
    private readonly id: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly intervalMs = 10_000,
    private readonly ttlMs = 30_000,
  ) {}

  get count(): number {
    return this.live;
  }

  async beat(): Promise<void> {
    try {
      const n = Math.max(1, await this.registry.heartbeat(this.id, this.clock.now(), this.ttlMs));
      if (n !== this.live) this.logger.info({ instances: n }, 'bot instances sharing the Graph quota changed');
      this.live = n;
    } catch (err) {
      this.logger.warn({ err }, 'could not record this instance in the store; keeping the last instance count');
    }
  }

  async start(): Promise<void> {
    await this.beat();
    this.timer = this.clock.setInterval(() => void this.beat(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.clock.clearInterval(this.timer);
    await this.registry.leave(this.id).catch(() => undefined);
  }
}
