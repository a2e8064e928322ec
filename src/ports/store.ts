import type { HealthStore } from './health-store';
import type { ExportLinkStore } from './export-link-store';
import type { PeopleStore } from './people-store';
import type { SnapshotStore } from './snapshot-store';
import type { InstanceRegistry } from './instance-registry';
import type { TapStore } from './tap-store';
import type { OutboxStore } from './outbox-store';
import type { CampaignStore } from './campaign-store';

/**
 * Persistence ports. Handlers and the poller see only these interfaces; SQLite is the default backend
 * and another (Azure Table Storage) must be able to slot in behind them. Methods are async for that reason.
 */
export interface LeaseStore {
  /**
   * Takes or renews `name` for `holder` until now+ttl; false while another holder's lease is live. A lease
   * ends at its expiry instant: from then on anyone may take it.
   */
  tryAcquire(name: string, holder: string, ttlMs: number, now: number): Promise<boolean>;
  /** Frees the lease at once if `holder` has it; does nothing otherwise. */
  release(name: string, holder: string): Promise<void>;
}

export interface Store {
  readonly leases: LeaseStore;
  /** Service health subscriptions, the poller's last-seen issues and what it has enqueued per conversation. */
  readonly health: HealthStore;
  /** TAP requests, their cards and audit trail. */
  readonly tapRequests: TapStore;
  /** Teams ids and 1:1 chats of the people who have talked to the bot. */
  readonly people: PeopleStore;
  /** Short-lived download links for audit exports. */
  readonly exportLinks: ExportLinkStore;
  /** Everything the bot sends outside a turn, each message once, in order per lane. */
  readonly outbox: OutboxStore;
  /** What the bot last saw in Graph (registration rows from scans, last good answers), each expiring. */
  readonly snapshots: SnapshotStore;
  /** Notify campaigns: what was asked, who confirmed it, its recipients. */
  readonly campaigns: CampaignStore;
  /** Bot instances alive on this store, by heartbeat. */
  readonly instances: InstanceRegistry;
  /** True when the backend answers a trivial query; /healthz reports it. */
  ping(): Promise<boolean>;
  /** Safe to call more than once. */
  close(): Promise<void>;
}
