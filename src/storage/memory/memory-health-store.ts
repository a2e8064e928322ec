import type { HealthStore } from '../../ports/health-store';
import { MemoryDeliveries } from './memory-deliveries';
import { MemoryIssueStates } from './memory-issue-states';
import { MemorySubscriptions } from './memory-subscriptions';

export function createMemoryHealthStore(): HealthStore {
  const deliveries = new MemoryDeliveries();
  return { subscriptions: new MemorySubscriptions(deliveries), issues: new MemoryIssueStates(), deliveries };
}
