import { TableClient, type TableServiceClientOptions } from '@azure/data-tables';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import type { TokenCredential } from '@azure/identity';
import type { InstanceRegistry } from '../../ports/instance-registry';
import type { LeaseStore, Store } from '../../ports/store';
import { BlobExportFiles } from './blob-export-files';
import { BlobLeases } from './blob-leases';
import { getRow } from './entities';
import { TableCampaignStore } from './table-campaign-store';
import { TableExportLinkStore } from './table-export-link-store';
import { TableInstanceRegistry } from './table-instance-registry';
import { TableIssueStates } from './table-issue-states';
import { TableOutbox } from './table-outbox';
import { TablePeopleStore } from './table-people-store';
import { TableProgress } from './table-progress';
import { TableSnapshotStore } from './table-snapshot-store';
import { TableSubscriptions } from './table-subscriptions';
import { TableTapStore } from './table-tap-store';

/** Where the account is and how to sign in: a connection string, or endpoints and a token credential. */
export type TableStoreSettings = {
  /** Table and container names start with it, so several bots can share an account. */
  prefix: string;
  /** Tests only: the longest single blob lease (Blob Storage allows 15–60 s). */
  maxLeaseSeconds?: number;
} & ({ connectionString: string } | { tableUrl: string; blobUrl: string; credential: TokenCredential });

const TABLES = ['subscriptions', 'issues', 'progress', 'taps', 'people', 'links', 'snapshots', 'instances', 'outbox', 'campaigns'] as const;
type TableName = (typeof TABLES)[number];

/**
 * Every store port on Azure Table Storage, with Blob Storage for export files and leader election.
 * One table per port (named <prefix><port>); the partition design is written down in the README (*The table
 * backend: partitions, guards and indexes*).
 */
export class TableStore implements Store {
  readonly leases: LeaseStore;
  readonly health: { subscriptions: TableSubscriptions; issues: TableIssueStates; progress: TableProgress };
  readonly tapRequests: TableTapStore;
  readonly people: TablePeopleStore;
  readonly exportLinks: TableExportLinkStore;
  readonly outbox: TableOutbox;
  readonly snapshots: TableSnapshotStore;
  readonly instances: InstanceRegistry;
  readonly campaigns: TableCampaignStore;
  /** Audit CSV files, in the <prefix>-exports container. */
  readonly files: BlobExportFiles;
  private closed = false;

  private constructor(
    private readonly tables: Record<TableName, TableClient>,
    containers: { exports: ContainerClient; leases: ContainerClient },
    maxLeaseSeconds?: number,
  ) {
    const progress = new TableProgress(tables.progress);
    this.health = {
      subscriptions: new TableSubscriptions(tables.subscriptions, progress),
      issues: new TableIssueStates(tables.issues),
      progress,
    };
    this.leases = new BlobLeases(containers.leases, maxLeaseSeconds);
    this.tapRequests = new TableTapStore(tables.taps);
    this.people = new TablePeopleStore(tables.people);
    this.exportLinks = new TableExportLinkStore(tables.links);
    this.outbox = new TableOutbox(tables.outbox);
    this.snapshots = new TableSnapshotStore(tables.snapshots);
    this.instances = new TableInstanceRegistry(tables.instances);
    this.campaigns = new TableCampaignStore(tables.campaigns);
    this.files = new BlobExportFiles(containers.exports);
  }

  /** Connects, creating the tables and containers that are missing; throws when the account can't be used. */
  static async open(settings: TableStoreSettings): Promise<TableStore> {
    const url = 'connectionString' in settings ? endpointOf(settings.connectionString, 'TableEndpoint') : settings.tableUrl;
    const options: TableServiceClientOptions = { allowInsecureConnection: url?.startsWith('http:') ?? false };
    const table = (name: TableName) =>
      'connectionString' in settings
        ? TableClient.fromConnectionString(settings.connectionString, `${settings.prefix}${name}`, options)
        : new TableClient(settings.tableUrl, `${settings.prefix}${name}`, settings.credential, options);
    const blobs =
      'connectionString' in settings
        ? BlobServiceClient.fromConnectionString(settings.connectionString)
        : new BlobServiceClient(settings.blobUrl, settings.credential);
    const tables = Object.fromEntries(TABLES.map((n) => [n, table(n)])) as Record<TableName, TableClient>;
    const containers = {
      exports: blobs.getContainerClient(`${settings.prefix}-exports`),
      leases: blobs.getContainerClient(`${settings.prefix}-leases`),
    };
    await Promise.all([
      ...Object.values(tables).map((t) => t.createTable()),
      ...Object.values(containers).map((c) => c.createIfNotExists()),
    ]);
    return new TableStore(tables, containers, settings.maxLeaseSeconds);
  }

  async ping(): Promise<boolean> {
    if (this.closed) return false;
    try {
      await getRow(this.tables.instances, 'ping', 'ping');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    (this.leases as BlobLeases).close();
  }
}

function endpointOf(connectionString: string, name: string): string | undefined {
  return (
    new RegExp(`(?:^|;)${name}=([^;]+)`, 'i').exec(connectionString)?.[1] ??
    (/UseDevelopmentStorage=true/i.test(connectionString) ? 'http://127.0.0.1:10002' : undefined)
  );
}
