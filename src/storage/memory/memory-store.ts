import type { ExportLinkStore } from '../../ports/export-link-store';
import type { HealthStore } from '../../ports/health-store';
import type { PeopleStore } from '../../ports/people-store';
import type { LeaseStore, Store } from '../../ports/store';
import type { OutboxStore } from '../../ports/outbox-store';
import type { TapStore } from '../../ports/tap-store';
import { MemoryExportLinkStore } from './memory-export-link-store';
import { createMemoryHealthStore } from './memory-health-store';
import { MemoryLeases } from './memory-leases';
import { MemoryOutbox } from './memory-outbox';
import { MemoryPeopleStore } from './memory-people-store';
import { MemoryTapStore } from './memory-tap-store';
import { MemorySnapshotStore } from './memory-snapshot-store';
import { MemoryInstanceRegistry } from './memory-instance-registry';
import type { InstanceRegistry } from '../../ports/instance-registry';
import type { SnapshotStore } from '../../ports/snapshot-store';
import type { CampaignStore } from '../../ports/campaign-store';
import { MemoryCampaignStore } from './memory-campaign-store';

/**
 * Every store port held in this process's memory: for fast handler tests and single-process use.
 * One process only: a second instance would keep its own copy, so leases and compare-and-set protect
 * nothing across processes. Nothing is kept across restarts. Values are deep-copied on the way in and
 * out, so a caller can't change stored state by mutating what it passed or got back. Each method
 * decides and writes without awaiting in between, which is what makes it atomic within the process.
 */
export class MemoryStore implements Store {
  readonly leases: LeaseStore = new MemoryLeases();
  readonly health: HealthStore = createMemoryHealthStore();
  readonly tapRequests: TapStore = new MemoryTapStore();
  readonly people: PeopleStore = new MemoryPeopleStore();
  readonly exportLinks: ExportLinkStore = new MemoryExportLinkStore();
  readonly outbox: OutboxStore = new MemoryOutbox();
  readonly snapshots: SnapshotStore = new MemorySnapshotStore();
  readonly campaigns: CampaignStore = new MemoryCampaignStore();
  readonly instances: InstanceRegistry = new MemoryInstanceRegistry();
  private closed = false;

  async ping(): Promise<boolean> {
    return !this.closed;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
