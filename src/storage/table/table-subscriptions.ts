import type { TableClient } from '@azure/data-tables';
import type { SubscriptionTarget } from '../../domain/health-types';
import { targetFromKey, targetKey } from '../../domain/identity-services';
import type { HealthSubscription, SubscriptionStore } from '../../ports/health-store';
import { defined, getRow, opt, key, listRows, lit, mapLimit, statusOf, type Row } from './entities';
import type { TableProgress } from './table-progress';

/**
 * Subscriptions in one partition: one row per conversation, a few thousand at most, so listing them (each
 * poll) and matching a team's (bot removed from a team) read that one partition. Each change is a
 * read-modify-write on the row's ETag, retried when another instance wrote in between.
 */
const PK = 'sub';

const toSub = (r: Row): HealthSubscription =>
  defined({
    key: String(r.key),
    kind: r.kind as HealthSubscription['kind'],
    targets: (JSON.parse(String(r.targets)) as string[]).map(targetFromKey).filter((t): t is SubscriptionTarget => Boolean(t)),
    tenantId: opt(r.tenantId),
    serviceUrl: String(r.serviceUrl),
    conversationId: String(r.conversationId),
    teamId: opt(r.teamId),
    channelId: opt(r.channelId),
    reference: JSON.parse(String(r.reference)) as HealthSubscription['reference'],
    active: r.active === true,
    inactiveReason: opt(r.inactiveReason),
    createdBy: opt(r.createdBy),
  });

export class TableSubscriptions implements SubscriptionStore {
  constructor(
    private readonly table: TableClient,
    private readonly progress: TableProgress,
  ) {}

  async addTarget(
    sub: Omit<HealthSubscription, 'targets' | 'active'>,
    target: SubscriptionTarget,
    now: number,
  ): Promise<HealthSubscription> {
    return this.retry(async () => {
      const row = await getRow(this.table, PK, key(sub.key));
      const keys = new Set<string>(row ? (JSON.parse(String(row.targets)) as string[]) : []);
      // `all` covers everything; one service next to `all` would only be noise.
      if (target.kind === 'all') keys.clear();
      if (!keys.has('all')) keys.add(targetKey(target));
      const entity = defined({
        partitionKey: PK,
        rowKey: key(sub.key),
        key: sub.key,
        // What the conversation is, who first subscribed it and when, don't change on a refresh.
        kind: row ? String(row.kind) : sub.kind,
        createdBy: row ? (row.createdBy as string | undefined) : sub.createdBy,
        createdAt: row ? Number(row.createdAt) : now,
        targets: JSON.stringify([...keys]),
        tenantId: sub.tenantId,
        serviceUrl: sub.serviceUrl,
        conversationId: sub.conversationId,
        teamId: sub.teamId,
        channelId: sub.channelId,
        reference: JSON.stringify(sub.reference),
        active: true,
        updatedAt: now,
      });
      if (row) await this.table.updateEntity(entity, 'Replace', { etag: row.etag });
      else await this.table.createEntity(entity);
      return toSub(entity as unknown as Row);
    });
  }

  async removeTargets(k: string, target?: SubscriptionTarget): Promise<number> {
    return this.retry(async () => {
      const row = await getRow(this.table, PK, key(k));
      if (!row) return 0;
      const keys = JSON.parse(String(row.targets)) as string[];
      const left = target ? keys.filter((t) => t !== targetKey(target)) : [];
      if (left.length === 0) {
        await this.table.deleteEntity(PK, key(k), { etag: row.etag });
        await this.progress.forgetSubscription(k);
      } else if (left.length !== keys.length) {
        await this.table.updateEntity({ partitionKey: PK, rowKey: key(k), targets: JSON.stringify(left) }, 'Merge', { etag: row.etag });
      }
      return keys.length - left.length;
    });
  }

  async get(k: string): Promise<HealthSubscription | undefined> {
    const row = await getRow(this.table, PK, key(k));
    return row ? toSub(row) : undefined;
  }

  async listActive(): Promise<HealthSubscription[]> {
    const rows = await listRows(this.table, `PartitionKey eq ${lit(PK)} and active eq true`);
    return rows
      .sort(
        (a, b) => Number(a.createdAt) - Number(b.createdAt) || (String(a.key) < String(b.key) ? -1 : String(a.key) > String(b.key) ? 1 : 0),
      )
      .map(toSub);
  }

  async setActive(
    match: { key?: string; teamId?: string; conversationId?: string },
    active: boolean,
    reason: string | undefined,
    now: number,
  ): Promise<number> {
    const clauses: string[] = [];
    if (match.key) clauses.push(`RowKey eq ${lit(key(match.key))}`);
    if (match.teamId) clauses.push(`teamId eq ${lit(match.teamId)}`);
    if (match.conversationId) clauses.push(`conversationId eq ${lit(match.conversationId)}`);
    if (clauses.length === 0) return 0;
    const rows = await listRows(this.table, `PartitionKey eq ${lit(PK)} and active eq ${!active} and (${clauses.join(' or ')})`);
    const changed = await mapLimit(rows, 8, async (r) => {
      // Replace, not merge: turning on must drop the reason it was off.
      const { etag, timestamp: _t, ...props } = r;
      const next = defined({ ...props, active, inactiveReason: active ? undefined : reason, updatedAt: now });
      if (active) delete next.inactiveReason;
      try {
        await this.table.updateEntity(next as never, 'Replace', { etag });
        return true;
      } catch (e) {
        // Changed meanwhile by someone else: theirs stands, and it was not this call that changed it.
        if (statusOf(e) === 412 || statusOf(e) === 404) return false;
        throw e;
      }
    });
    return changed.filter(Boolean).length;
  }

  /**
   * store:migrate: writes a subscription exactly as another store kept it (its age, whether it is active and
   * why not). 'same' when it is already stored so; the row is otherwise replaced.
   */
  async restore(sub: HealthSubscription, createdAt: number, updatedAt: number): Promise<'created' | 'updated' | 'same'> {
    const entity = defined({
      partitionKey: PK,
      rowKey: key(sub.key),
      key: sub.key,
      kind: sub.kind,
      createdBy: sub.createdBy,
      createdAt,
      targets: JSON.stringify(sub.targets.map(targetKey)),
      tenantId: sub.tenantId,
      serviceUrl: sub.serviceUrl,
      conversationId: sub.conversationId,
      teamId: sub.teamId,
      channelId: sub.channelId,
      reference: JSON.stringify(sub.reference),
      active: sub.active,
      inactiveReason: sub.active ? undefined : sub.inactiveReason,
      updatedAt,
    });
    const row = await getRow(this.table, PK, key(sub.key));
    if (row && JSON.stringify(toSub(row)) === JSON.stringify(toSub(entity as unknown as Row)) && Number(row.createdAt) === createdAt)
      return 'same';
    await this.table.upsertEntity(entity, 'Replace');
    return row ? 'updated' : 'created';
  }

  /** Every subscription, active or not (store:migrate verifies against it). */
  async listAll(): Promise<HealthSubscription[]> {
    return (await listRows(this.table, `PartitionKey eq ${lit(PK)}`)).map(toSub);
  }

  /** Another instance wrote the row between our read and our write: read again and redo. */
  private async retry<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await work();
      } catch (e) {
        if ((statusOf(e) !== 412 && statusOf(e) !== 409 && statusOf(e) !== 404) || attempt >= 20) throw e;
      }
    }
  }
}
