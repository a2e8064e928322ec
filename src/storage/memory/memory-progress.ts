import type { EnqueuedProgress, ProgressStore } from '../../ports/health-store';

export class MemoryProgress implements ProgressStore {
  /** issue id → subscription key → record. */
  private readonly byIssue = new Map<string, Map<string, EnqueuedProgress>>();

  async forIssue(issueId: string): Promise<Map<string, EnqueuedProgress>> {
    return structuredClone(this.byIssue.get(issueId) ?? new Map<string, EnqueuedProgress>());
  }

  async begin(issueId: string, subscriptionKey: string, series: string): Promise<EnqueuedProgress> {
    const rows = this.byIssue.get(issueId) ?? new Map<string, EnqueuedProgress>();
    this.byIssue.set(issueId, rows);
    if (!rows.has(subscriptionKey)) rows.set(subscriptionKey, { issueId, subscriptionKey, series });
    return structuredClone(rows.get(subscriptionKey)!);
  }

  async save(records: EnqueuedProgress[]): Promise<void> {
    for (const r of records) {
      const known = this.byIssue.get(r.issueId)?.get(r.subscriptionKey);
      if (!known) continue;
      const next: EnqueuedProgress = { issueId: known.issueId, subscriptionKey: known.subscriptionKey, series: known.series };
      if (r.progress) next.progress = structuredClone(r.progress);
      if (r.cardVersion !== undefined) next.cardVersion = r.cardVersion;
      this.byIssue.get(r.issueId)!.set(r.subscriptionKey, next);
    }
  }

  /** A subscription went away: so do its records. */
  forgetSubscription(key: string): void {
    for (const rows of this.byIssue.values()) rows.delete(key);
  }
}
