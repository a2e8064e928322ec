import type { Clock } from '../core/clock';
import type { Logger } from '../logger';
import type { OutboxItem, OutboxStore } from '../ports/outbox-store';

/**
 * A claim lasts as long as the worker's lease and is renewed as often, for as long as its holder has the item in
 * hand (however long the paced send and its retries take); one that outlives its holder is a crash to recover, so
 * a crashed holder's items are free again within this much, not after the longest send it might have been in.
 */
export const CLAIM_MS = 30_000;
const RENEW_MS = CLAIM_MS / 3;

/**
 * Takes claims on outbox items for one holder and keeps them while the items are in hand: every RENEW_MS the
 * holder claims again what it still holds (the same holder may, any time), on a timer that runs only while
 * something is held.
 */
export class ClaimKeeper {
  private readonly held = new Set<string>();
  private renewing: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: OutboxStore,
    private readonly holder: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Takes a due lane head for CLAIM_MS; the item as claimed, or undefined (not the head, not due, someone else's). */
  claim(key: string): Promise<OutboxItem | undefined> {
    const now = this.clock.now();
    return this.store.claim(key, this.holder, now + CLAIM_MS, now);
  }

  /** Runs `work` with the item's claim renewed throughout. */
  async keep<T>(key: string, work: () => Promise<T>): Promise<T> {
    this.hold(key);
    try {
      return await work();
    } finally {
      this.letGo(key);
    }
  }

  private hold(key: string): void {
    this.held.add(key);
    if (this.renewing) return;
    this.renewing = this.clock.setInterval(() => void this.renewAll(), RENEW_MS);
    this.renewing.unref?.();
  }

  private letGo(key: string): void {
    this.held.delete(key);
    if (this.held.size || !this.renewing) return;
    this.clock.clearInterval(this.renewing);
    this.renewing = undefined;
  }

  /**
   * An item that went meanwhile is no longer open and isn't claimed again; one already let go is skipped. A
   * renewal that fails leaves the claim to run out: another holder may then take the item, as after a crash.
   */
  private async renewAll(): Promise<void> {
    await Promise.all(
      [...this.held].map(async (key) => {
        const renewed = await this.claim(key).catch(() => undefined);
        if (!renewed && this.held.has(key)) this.logger.debug({ key }, 'could not renew the claim on an outbox item in hand');
      }),
    );
  }
}
