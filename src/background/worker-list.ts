import type { Logger } from '../logger';

/** Something that runs in the background between start and stop. */
export interface BackgroundWorker {
  readonly name: string;
  start(): void | Promise<void>;
  /** Waits for the work in flight; never leaves a timer behind. */
  stop(): Promise<void>;
}

/**
 * The bot's background workers as one list: started in order (each may rely on those before it), stopped in
 * reverse, one after another, each stop awaited so shutdown never cuts a tick in half. One that fails to stop is
 * logged and the rest still stop.
 */
export class WorkerList {
  constructor(
    private readonly workers: readonly BackgroundWorker[],
    private readonly logger: Logger,
  ) {}

  get names(): string[] {
    return this.workers.map((w) => w.name);
  }

  async start(): Promise<void> {
    for (const w of this.workers) await w.start();
  }

  async stop(): Promise<void> {
    for (const w of [...this.workers].reverse()) {
      try {
        await w.stop();
      } catch (err) {
        this.logger.warn({ err, worker: w.name }, 'a background worker failed to stop cleanly');
      }
    }
  }
}
