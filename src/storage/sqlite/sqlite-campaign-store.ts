import type { Database as Db, Statement } from 'better-sqlite3';
import { OPEN_CAMPAIGN_STATUSES, type Campaign, type CampaignStatus, type Recipient } from '../../domain/campaign';
import type { CampaignStore } from '../../ports/campaign-store';
import { fromJson } from './json-column';

type CampaignRow = { status: CampaignStatus; version: number; doc: string };
type RecipientRow = { recipient_id: string; doc: string };

const toCampaign = (r: CampaignRow): Campaign => ({ ...fromJson<Campaign>(r.doc), status: r.status, version: r.version });
const toRecipient = (r: RecipientRow): Recipient => ({ ...fromJson<Omit<Recipient, 'id'>>(r.doc), id: r.recipient_id });
const recipientDoc = (r: Recipient) => JSON.stringify(r.reports ? { name: r.name, reports: r.reports } : { name: r.name });
const OPEN = `status IN (${OPEN_CAMPAIGN_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/** Campaigns in SQLite: `version` is the compare-and-set column; recipients are keyed by campaign and id. */
export class SqliteCampaignStore implements CampaignStore {
  private readonly s: Record<string, Statement>;

  constructor(private readonly db: Db) {
    this.s = {
      insert: db.prepare(
        `INSERT INTO notify_campaigns (id, version, status, created_at, doc) VALUES (@id, @version, @status, @created, @doc)
         ON CONFLICT(id) DO NOTHING`,
      ),
      recipient: db.prepare(
        'INSERT INTO notify_recipients (campaign_id, recipient_id, doc) VALUES (?, ?, ?) ON CONFLICT(campaign_id, recipient_id) DO NOTHING',
      ),
      get: db.prepare('SELECT status, version, doc FROM notify_campaigns WHERE id = ?'),
      update: db.prepare(
        `UPDATE notify_campaigns SET version = @version, status = @status, doc = @doc WHERE id = @id AND version = @version - 1`,
      ),
      page: db.prepare(
        'SELECT recipient_id, doc FROM notify_recipients WHERE campaign_id = @id AND recipient_id > @after ORDER BY recipient_id LIMIT @limit',
      ),
      one: db.prepare('SELECT recipient_id, doc FROM notify_recipients WHERE campaign_id = ? AND recipient_id = ?'),
      open: db.prepare(`SELECT status, version, doc FROM notify_campaigns WHERE ${OPEN} ORDER BY created_at, rowid LIMIT ?`),
      recent: db.prepare('SELECT status, version, doc FROM notify_campaigns ORDER BY created_at DESC, rowid DESC LIMIT ?'),
    };
  }

  async create(c: Campaign, recipients: Recipient[]): Promise<boolean> {
    return this.db
      .transaction(() => {
        const added = this.s.insert.run({ id: c.id, version: c.version, status: c.status, created: c.createdAt, doc: JSON.stringify(c) });
        if (added.changes !== 1) return false;
        for (const r of recipients) this.s.recipient.run(c.id, r.id, recipientDoc(r));
        return true;
      })
      .immediate();
  }

  async get(id: string): Promise<Campaign | undefined> {
    const row = this.s.get.get(id) as CampaignRow | undefined;
    return row ? toCampaign(row) : undefined;
  }

  async update(next: Campaign): Promise<boolean> {
    return this.s.update.run({ id: next.id, version: next.version, status: next.status, doc: JSON.stringify(next) }).changes === 1;
  }

  async recipients(campaignId: string, page: { after?: string; limit: number }): Promise<Recipient[]> {
    return (this.s.page.all({ id: campaignId, after: page.after ?? '', limit: page.limit }) as RecipientRow[]).map(toRecipient);
  }

  async recipient(campaignId: string, recipientId: string): Promise<Recipient | undefined> {
    const row = this.s.one.get(campaignId, recipientId) as RecipientRow | undefined;
    return row ? toRecipient(row) : undefined;
  }

  async open(limit: number): Promise<Campaign[]> {
    return (this.s.open.all(limit) as CampaignRow[]).map(toCampaign);
  }

  async recent(limit: number): Promise<Campaign[]> {
    return (this.s.recent.all(limit) as CampaignRow[]).map(toCampaign);
  }
}
