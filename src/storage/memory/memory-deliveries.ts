import type { Delivery, DeliveryStore } from '../../ports/health-store';

interface Claimed {
  delivery: Delivery;
  holder?: string;
  until: number;
}

export class MemoryDeliveries implements DeliveryStore {
  /** issue id → subscription key → delivery and its claim. */
  private readonly byIssue = new Map<string, Map<string, Claimed>>();

  async forIssue(issueId: string): Promise<Map<string, Delivery>> {
    const rows = this.byIssue.get(issueId) ?? new Map<string, Claimed>();
    return new Map([...rows].map(([key, row]) => [key, structuredClone(row.delivery)]));
  }

  async claim(issueId: string, key: string, holder: string, until: number, now: number): Promise<Delivery | undefined> {
    const rows = this.byIssue.get(issueId) ?? new Map<string, Claimed>();
    this.byIssue.set(issueId, rows);
    const row = rows.get(key) ?? { delivery: { issueId, subscriptionKey: key, failures: 0, retryAt: 0 }, until: 0 };
    if (row.holder !== undefined && row.holder !== holder && row.until > now) return undefined;
    rows.set(key, { ...row, holder, until });
    return structuredClone(row.delivery);
  }

  async save(d: Delivery, holder: string): Promise<void> {
    const row = this.byIssue.get(d.issueId)?.get(d.subscriptionKey);
    if (!row || row.holder !== holder) return;
    row.delivery = {
      issueId: d.issueId,
      subscriptionKey: d.subscriptionKey,
      rootActivityId: d.rootActivityId,
      threadRef: structuredClone(d.threadRef),
      progress: structuredClone(d.progress),
      cardVersion: d.cardVersion,
      pending: d.pending,
      failures: d.failures,
      retryAt: d.failures === 0 ? 0 : (d.retryAt ?? 0),
    };
  }

  async release(issueId: string, key: string, holder: string): Promise<void> {
    const row = this.byIssue.get(issueId)?.get(key);
    if (row?.holder === holder) Object.assign(row, { holder: undefined, until: 0 });
  }

  /** A subscription went away: so does its delivery state. */
  forgetSubscription(key: string): void {
    for (const rows of this.byIssue.values()) rows.delete(key);
  }
}
