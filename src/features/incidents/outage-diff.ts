import { sameStatus, type HealthIssue, type IssueProgress } from '../../domain/health-types';

export type { IssueProgress };

export type OutageEvent =
  { kind: 'opened' } | { kind: 'newPost'; index: number } | { kind: 'statusChanged'; from: string; to: string } | { kind: 'resolved' };

/**
 * What changed between what a conversation has seen and the issue now. Nothing is announced for an
 * issue first seen already resolved (history is not news); posts are announced one by one, in order.
 */
export function diffIssue(previous: IssueProgress | undefined, current: HealthIssue): OutageEvent[] {
  if (!previous) return current.isResolved ? [] : [{ kind: 'opened' }];
  const events: OutageEvent[] = [];
  for (let i = previous.postCount; i < current.posts.length; i++) events.push({ kind: 'newPost', index: i });
  if (!sameStatus(previous.status, current.status)) events.push({ kind: 'statusChanged', from: previous.status, to: current.status });
  if (!previous.isResolved && current.isResolved) events.push({ kind: 'resolved' });
  return events;
}

export function progressOf(issue: HealthIssue): IssueProgress {
  return { postCount: issue.posts.length, status: issue.status, isResolved: issue.isResolved };
}
