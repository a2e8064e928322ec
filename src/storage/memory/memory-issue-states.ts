import type { HealthIssue } from '../../domain/health-types';
import type { IssueStateStore } from '../../ports/health-store';

// lastModifiedDateTime values are ISO strings in one format, so string order is time order (as in SQLite).
const byLastModified = (a: HealthIssue, b: HealthIssue) =>
  a.lastModifiedDateTime < b.lastModifiedDateTime ? -1 : a.lastModifiedDateTime > b.lastModifiedDateTime ? 1 : 0;

export class MemoryIssueStates implements IssueStateStore {
  private readonly issues = new Map<string, HealthIssue>();
  private mark: string | undefined;

  async watermark(): Promise<string | undefined> {
    return this.mark;
  }

  async saveIssues(issues: HealthIssue[], watermark: string | undefined): Promise<void> {
    for (const issue of issues) {
      const known = this.issues.get(issue.id);
      if (!known || issue.lastModifiedDateTime >= known.lastModifiedDateTime) this.issues.set(issue.id, structuredClone(issue));
    }
    if (watermark && (this.mark === undefined || watermark > this.mark)) this.mark = watermark;
  }

  async get(id: string): Promise<HealthIssue | undefined> {
    return structuredClone(this.issues.get(id));
  }

  async issuesChangedSince(iso: string): Promise<HealthIssue[]> {
    return structuredClone([...this.issues.values()].filter((i) => i.lastModifiedDateTime >= iso).sort(byLastModified));
  }

  async openIssues(): Promise<HealthIssue[]> {
    return structuredClone([...this.issues.values()].filter((i) => !i.isResolved).sort((a, b) => byLastModified(b, a)));
  }
}
