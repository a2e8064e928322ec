import type { HealthStore } from '../../ports/health-store';
import { MemoryIssueStates } from './memory-issue-states';
import { MemoryProgress } from './memory-progress';
import { MemorySubscriptions } from './memory-subscriptions';

export function createMemoryHealthStore(): HealthStore {
  const progress = new MemoryProgress();
  return { subscriptions: new MemorySubscriptions(progress), issues: new MemoryIssueStates(), progress };
}
