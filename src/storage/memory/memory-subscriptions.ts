import type { SubscriptionTarget } from '../../domain/health-types';
import { targetKey } from '../../domain/identity-services';
import type { HealthSubscription, SubscriptionStore } from '../../ports/health-store';
import type { MemoryProgress } from './memory-progress';

type SubscriptionInput = Omit<HealthSubscription, 'targets' | 'active'>;

interface Row {
  sub: HealthSubscription;
  createdAt: number;
}

const byAgeThenKey = (a: Row, b: Row) => a.createdAt - b.createdAt || (a.sub.key < b.sub.key ? -1 : a.sub.key > b.sub.key ? 1 : 0);

export class MemorySubscriptions implements SubscriptionStore {
  private readonly rows = new Map<string, Row>();

  constructor(private readonly progress: MemoryProgress) {}

  async addTarget(sub: SubscriptionInput, target: SubscriptionTarget, now: number): Promise<HealthSubscription> {
    const known = this.rows.get(sub.key);
    const targets = new Map((known?.sub.targets ?? []).map((t) => [targetKey(t), t]));
    // `all` covers everything; one service next to `all` would only be noise.
    if (target.kind === 'all') targets.clear();
    if (!targets.has('all')) targets.set(targetKey(target), structuredClone(target));
    const stored: HealthSubscription = {
      key: sub.key,
      // What the conversation is, and who first subscribed it, don't change on a refresh.
      kind: known?.sub.kind ?? sub.kind,
      targets: [...targets.values()],
      tenantId: sub.tenantId,
      serviceUrl: sub.serviceUrl,
      conversationId: sub.conversationId,
      teamId: sub.teamId,
      channelId: sub.channelId,
      reference: structuredClone(sub.reference),
      active: true,
      createdBy: known ? known.sub.createdBy : sub.createdBy,
    };
    this.rows.set(sub.key, { sub: stored, createdAt: known?.createdAt ?? now });
    return structuredClone(stored);
  }

  async removeTargets(key: string, target?: SubscriptionTarget): Promise<number> {
    const row = this.rows.get(key);
    if (!row) return 0;
    const before = row.sub.targets.length;
    row.sub.targets = target ? row.sub.targets.filter((t) => targetKey(t) !== targetKey(target)) : [];
    if (row.sub.targets.length === 0) {
      this.rows.delete(key);
      this.progress.forgetSubscription(key);
    }
    return before - row.sub.targets.length;
  }

  async get(key: string): Promise<HealthSubscription | undefined> {
    const row = this.rows.get(key);
    return row ? structuredClone(row.sub) : undefined;
  }

  async listActive(): Promise<HealthSubscription[]> {
    return structuredClone(
      [...this.rows.values()]
        .filter((r) => r.sub.active)
        .sort(byAgeThenKey)
        .map((r) => r.sub),
    );
  }

  async setActive(
    match: { key?: string; teamId?: string; conversationId?: string },
    active: boolean,
    reason: string | undefined,
  ): Promise<number> {
    if (!match.key && !match.teamId && !match.conversationId) return 0;
    const matches = (s: HealthSubscription) =>
      (!!match.key && s.key === match.key) ||
      (!!match.teamId && s.teamId === match.teamId) ||
      (!!match.conversationId && s.conversationId === match.conversationId);
    let changed = 0;
    for (const { sub } of this.rows.values()) {
      if (!matches(sub) || sub.active === active) continue;
      sub.active = active;
      sub.inactiveReason = active ? undefined : reason;
      changed++;
    }
    return changed;
  }
}
