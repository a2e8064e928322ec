/**
 * Calls `tick` every `intervalMs`, never two at once (a slow tick makes the next wait), unref'd so it never
 * keeps the process alive; stop() waits for the tick in progress, so shutdown never cuts one in half.
 */
export class SerialTimer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly tick: () => Promise<unknown>,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (!this.running)
        this.running = this.tick()
          .catch(() => 0)
          .finally(() => (this.running = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
