import { createHash } from 'node:crypto';
import type { ContainerClient } from '@azure/storage-blob';
import type { LeaseStore } from '../../ports/store';
import { statusOf } from './entities';

/** What Blob Storage allows for a lease that expires by itself. */
export const MIN_LEASE_SECONDS = 15;
export const MAX_LEASE_SECONDS = 60;

/** A lease id is a GUID the client proposes: the same holder always proposes the same one, so it can renew. */
function leaseIdOf(holder: string): string {
  const h = createHash('sha256').update(holder).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Leader election on blob leases (one empty blob per lease name). The storage service decides: a lease is
 * taken or renewed by one atomic call, and it expires on the service's clock, never on an instance's, so a
 * holder whose clock runs ahead or behind can't take a lease early or keep it late. The price: a lease lasts
 * 15 to 60 s, so the ttl asked for is rounded into that range, and `now` is not used. A ttl above the longest
 * lease is kept by renewing in the background until ttl has passed on this process's own monotonic clock
 * (a duration, not an instant another instance compares with); if the process dies, the lease ends within
 * one lease duration after its last renewal.
 */
export class BlobLeases implements LeaseStore {
  private readonly ready = new Map<string, Promise<void>>();
  private readonly keepAlive = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly container: ContainerClient,
    /** Longest single lease asked for; tests shorten it to exercise renewal. */
    private readonly maxSeconds = MAX_LEASE_SECONDS,
  ) {}

  async tryAcquire(name: string, holder: string, ttlMs: number, _now: number): Promise<boolean> {
    const seconds = Math.min(this.maxSeconds, Math.max(MIN_LEASE_SECONDS, Math.ceil(ttlMs / 1000)));
    const lease = this.blob(name).getBlobLeaseClient(leaseIdOf(holder));
    await this.exists(name);
    try {
      // Acquiring with our own id succeeds on our live lease too (and resets its duration): that is the renewal.
      await lease.acquireLease(seconds);
    } catch (e) {
      if (statusOf(e) === 409) return false;
      throw e;
    }
    this.stopKeepAlive(name, holder);
    if (ttlMs > seconds * 1000) {
      const deadline = performance.now() + ttlMs;
      let renewed = performance.now();
      const timer = setInterval(
        () => {
          // The service ends the lease `seconds` after the last renewal: renew only while that falls short of ttl.
          if (renewed + seconds * 1000 >= deadline) return this.stopKeepAlive(name, holder);
          renewed = performance.now();
          lease.renewLease().catch(() => this.stopKeepAlive(name, holder));
        },
        (seconds * 1000) / 3,
      );
      timer.unref();
      this.keepAlive.set(`${name}\n${holder}`, timer);
    }
    return true;
  }

  async release(name: string, holder: string): Promise<void> {
    this.stopKeepAlive(name, holder);
    try {
      await this.blob(name).getBlobLeaseClient(leaseIdOf(holder)).releaseLease();
    } catch (e) {
      // Not leased, leased by someone else, or no blob yet: nothing of ours to free.
      if (statusOf(e) !== 409 && statusOf(e) !== 404 && statusOf(e) !== 412) throw e;
    }
  }

  /** Stops renewing; the leases themselves run out on the service. */
  close(): void {
    for (const t of this.keepAlive.values()) clearInterval(t);
    this.keepAlive.clear();
  }

  private stopKeepAlive(name: string, holder: string): void {
    const id = `${name}\n${holder}`;
    clearInterval(this.keepAlive.get(id));
    this.keepAlive.delete(id);
  }

  private blob(name: string) {
    return this.container.getBlockBlobClient(`lease-${encodeURIComponent(name)}`);
  }

  private exists(name: string): Promise<void> {
    let p = this.ready.get(name);
    if (!p) {
      p = this.blob(name)
        .upload('', 0, { conditions: { ifNoneMatch: '*' } })
        .then(
          () => undefined,
          (e: unknown) => {
            // 409: there already, possibly leased (a write to a leased blob needs the lease id).
            if (statusOf(e) !== 409 && statusOf(e) !== 412) {
              this.ready.delete(name);
              throw e;
            }
          },
        );
      this.ready.set(name, p);
    }
    return p;
  }
}
