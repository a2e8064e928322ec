import { OPEN_CAMPAIGN_STATUSES, type Campaign, type Recipient } from '../../domain/campaign';
import type { CampaignStore } from '../../ports/campaign-store';

/** Campaigns in insertion order; recipients per campaign, sorted by id when listed. */
export class MemoryCampaignStore implements CampaignStore {
  private readonly campaigns = new Map<string, Campaign>();
  private readonly lists = new Map<string, Map<string, Recipient>>();

  async create(c: Campaign, recipients: Recipient[]): Promise<boolean> {
    if (this.campaigns.has(c.id)) return false;
    const list = new Map<string, Recipient>();
    for (const r of recipients) if (!list.has(r.id)) list.set(r.id, structuredClone(r));
    this.lists.set(c.id, list);
    this.campaigns.set(c.id, structuredClone(c));
    return true;
  }

  async get(id: string): Promise<Campaign | undefined> {
    return structuredClone(this.campaigns.get(id));
  }

  async update(next: Campaign): Promise<boolean> {
    if (this.campaigns.get(next.id)?.version !== next.version - 1) return false;
    this.campaigns.set(next.id, structuredClone(next));
    return true;
  }

  async recipients(campaignId: string, page: { after?: string; limit: number }): Promise<Recipient[]> {
    const all = [...(this.lists.get(campaignId)?.values() ?? [])].filter((r) => page.after === undefined || r.id > page.after);
    return structuredClone(all.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).slice(0, page.limit));
  }

  async recipient(campaignId: string, recipientId: string): Promise<Recipient | undefined> {
    return structuredClone(this.lists.get(campaignId)?.get(recipientId));
  }

  async open(limit: number): Promise<Campaign[]> {
    const open = [...this.campaigns.values()].filter((c) => OPEN_CAMPAIGN_STATUSES.includes(c.status));
    return structuredClone(stable(open, (a, b) => a.createdAt - b.createdAt).slice(0, limit));
  }

  async recent(limit: number): Promise<Campaign[]> {
    const newestFirst = [...this.campaigns.values()].reverse();
    return structuredClone(stable(newestFirst, (a, b) => b.createdAt - a.createdAt).slice(0, limit));
  }
}

function stable<T>(items: T[], by: (a: T, b: T) => number): T[] {
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => by(a.item, b.item) || a.i - b.i)
    .map((x) => x.item);
}
