import type { HealthIssue } from '../domain/health-types';
import type { IssueStateStore } from '../ports/health-store';

/** Other instances' polls reach this one's memory within this long; this instance's own polls at once. */
const FRESH_MS = 15_000;
/** Per store, so two bots in one process (tests) never share what they saw. */
const seen = new WeakMap<IssueStateStore, { at: number; open: Promise<HealthIssue[]> }>();

/** The unresolved issues the poller last saved, read from memory: banners on every turn cost no store read. */
export function openIssuesFromMemory(issues: IssueStateStore, now: number): Promise<HealthIssue[]> {
  let cached = seen.get(issues);
  if (!cached || now - cached.at >= FRESH_MS) {
    cached = { at: now, open: issues.openIssues() };
    seen.set(issues, cached);
    cached.open.catch(() => seen.delete(issues));
  }
  return cached.open;
}

/** The poller saved new issue state: the next read goes to the store. */
export function forgetOpenIssues(issues: IssueStateStore): void {
  seen.delete(issues);
}
