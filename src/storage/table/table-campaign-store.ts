import type { TableClient, TransactionAction } from '@azure/data-tables';
import { OPEN_CAMPAIGN_STATUSES, type Campaign, type CampaignStatus, type Recipient } from '../../domain/campaign';
import type { CampaignStore } from '../../ports/campaign-store';
import { chunk, getRow, invert, key, listRows, lit, mapLimit, packJson, pad, statusOf, transact, unkey, unpackJson } from './entities';

/**
 * Notify campaigns on Table Storage. Campaigns are few (a person asks for each), so they share one partition
 * with their index rows, and a campaign's change and its index change are one transaction:
 *   c:<id>                          the campaign (status and version are columns; the document is packed JSON)
 *   open:<createdAt>:<id>           exists while the campaign is awaiting, sending or sent (oldest first)
 *   recent:<inverted createdAt>:<id> every campaign, newest first
 * Recipients (thousands) live in a partition per campaign, r:<campaign id>, one row per recipient id, so a
 * page in id order is one range query.
 */
const PK = 'campaigns';
const OPEN = new Set<CampaignStatus>(OPEN_CAMPAIGN_STATUSES);

const campaignRk = (id: string) => `c:${key(id)}`;
const openRk = (c: Campaign) => `open:${pad(c.createdAt)}:${key(c.id)}`;
const recentRk = (c: Campaign) => `recent:${invert(c.createdAt)}:${key(c.id)}`;
const recipientsPk = (campaignId: string) => `r:${key(campaignId)}`;

const campaignEntity = (c: Campaign) => ({
  partitionKey: PK,
  rowKey: campaignRk(c.id),
  status: c.status,
  version: c.version,
  ...packJson(c, 'doc'),
});
const fromRow = (row: Record<string, unknown>): Campaign => ({
  ...unpackJson<Campaign>(row, 'doc'),
  status: row.status as CampaignStatus,
  version: Number(row.version),
});
const recipientEntity = (campaignId: string, r: Recipient) => ({
  partitionKey: recipientsPk(campaignId),
  rowKey: key(r.id),
  ...packJson(r.reports ? { name: r.name, reports: r.reports } : { name: r.name }, 'doc'),
});
const toRecipient = (row: Record<string, unknown>): Recipient => ({
  ...unpackJson<Omit<Recipient, 'id'>>(row, 'doc'),
  id: unkey(String(row.rowKey)),
});

export class TableCampaignStore implements CampaignStore {
  constructor(private readonly table: TableClient) {}

  async create(c: Campaign, recipients: Recipient[]): Promise<boolean> {
    if (await getRow(this.table, PK, campaignRk(c.id))) return false;
    // Recipients first: a campaign that can be read has all of them (the port's promise for a backend like this).
    const batches = chunk(recipients, 100).map((b) => b.map((r): TransactionAction => ['upsert', recipientEntity(c.id, r), 'Replace']));
    await mapLimit(batches, 4, (actions) => transact(this.table, actions));
    const actions: TransactionAction[] = [
      ['create', campaignEntity(c)],
      ['create', { partitionKey: PK, rowKey: recentRk(c), campaignId: c.id }],
    ];
    if (OPEN.has(c.status)) actions.push(['create', { partitionKey: PK, rowKey: openRk(c), campaignId: c.id }]);
    try {
      await transact(this.table, actions);
      return true;
    } catch (e) {
      if (statusOf(e) === 409) return false;
      throw e;
    }
  }

  async get(id: string): Promise<Campaign | undefined> {
    const row = await getRow(this.table, PK, campaignRk(id));
    return row ? fromRow(row) : undefined;
  }

  async update(next: Campaign): Promise<boolean> {
    const row = await getRow(this.table, PK, campaignRk(next.id));
    if (!row || Number(row.version) !== next.version - 1) return false;
    const prev = fromRow(row);
    const actions: TransactionAction[] = [['update', campaignEntity(next), 'Replace', { etag: row.etag }]];
    if (OPEN.has(prev.status) && !OPEN.has(next.status)) actions.push(['delete', { partitionKey: PK, rowKey: openRk(prev) }]);
    if (!OPEN.has(prev.status) && OPEN.has(next.status))
      actions.push(['upsert', { partitionKey: PK, rowKey: openRk(next), campaignId: next.id }, 'Replace']);
    try {
      await transact(this.table, actions);
      return true;
    } catch (e) {
      if (statusOf(e) === 412) return false; // someone else stored this version first
      throw e;
    }
  }

  async recipients(campaignId: string, page: { after?: string; limit: number }): Promise<Recipient[]> {
    const pk = recipientsPk(campaignId);
    const from = page.after === undefined ? '' : ` and RowKey gt ${lit(key(page.after))}`;
    return (await listRows(this.table, `PartitionKey eq ${lit(pk)}${from}`, undefined, page.limit)).map(toRecipient);
  }

  async recipient(campaignId: string, recipientId: string): Promise<Recipient | undefined> {
    const row = await getRow(this.table, recipientsPk(campaignId), key(recipientId));
    return row ? toRecipient(row) : undefined;
  }

  async open(limit: number): Promise<Campaign[]> {
    // The index row and the campaign are read one after the other: one closed in between is not open any more.
    return (await this.indexed('open:', limit)).filter((c) => OPEN.has(c.status));
  }

  async recent(limit: number): Promise<Campaign[]> {
    return this.indexed('recent:', limit);
  }

  private async indexed(prefix: string, limit: number): Promise<Campaign[]> {
    const upper = `${prefix.slice(0, -1)};`;
    const rows = await listRows(
      this.table,
      `PartitionKey eq ${lit(PK)} and RowKey ge ${lit(prefix)} and RowKey lt ${lit(upper)}`,
      ['campaignId'],
      limit,
    );
    const found = await mapLimit(rows, 16, (r) => this.get(String(r.campaignId)));
    return found.filter((c): c is Campaign => c !== undefined);
  }
}
