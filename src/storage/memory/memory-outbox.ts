import {
  OUTBOX_STATES,
  type NewOutboxItem,
  type OutboxCounts,
  type OutboxError,
  type OutboxItem,
  type OutboxResult,
  type OutboxStore,
} from '../../ports/outbox-store';
import { laneBacklogOf, tallyBacklog, type Backlog } from '../rules/outbox-backlog-rule';
import { isUnfinished, mayClaim } from '../rules/outbox-claim-rule';

type Row = OutboxItem & { seq: number };

export class MemoryOutbox implements OutboxStore {
  private readonly rows = new Map<string, Row>();
  /** Each lane's unfinished items in enqueue order: the first is the head. */
  private readonly open = new Map<string, Row[]>();
  private readonly paused = new Set<string>();
  private seq = 0;

  async enqueue(items: NewOutboxItem[], now: number, claim?: { holder: string; until: number }): Promise<string[]> {
    const added: string[] = [];
    for (const i of items) {
      if (this.rows.has(i.key)) continue;
      const row: Row = {
        key: i.key,
        kind: i.kind,
        lane: i.lane,
        tenant: i.tenant,
        to: structuredClone(i.to),
        payload: structuredClone(i.payload),
        state: 'queued',
        attempts: 0,
        notBefore: i.notBefore ?? now,
        createdAt: now,
        seq: ++this.seq,
      };
      if (i.group !== undefined) row.group = i.group;
      if (claim) row.claim = { ...claim };
      this.rows.set(i.key, row);
      const lane = this.open.get(i.lane) ?? [];
      lane.push(row);
      this.open.set(i.lane, lane);
      added.push(i.key);
    }
    return added;
  }

  async get(key: string): Promise<OutboxItem | undefined> {
    const row = this.rows.get(key);
    return row ? copy(row) : undefined;
  }

  async due(now: number, limit: number): Promise<OutboxItem[]> {
    const heads: Row[] = [];
    for (const [lane, rows] of this.open) {
      const head = rows[0];
      if (head && mayClaim(head, { isHead: true, paused: this.paused.has(lane) }, now)) heads.push(head);
    }
    return heads
      .sort((a, b) => a.notBefore - b.notBefore || a.seq - b.seq)
      .slice(0, Math.max(0, limit))
      .map(copy);
  }

  async claim(key: string, holder: string, until: number, now: number): Promise<OutboxItem | undefined> {
    const row = this.rows.get(key);
    const lane = row && { isHead: this.open.get(row.lane)?.[0] === row, paused: this.paused.has(row.lane) };
    if (!row || !lane || !mayClaim(row, lane, now, holder)) return undefined;
    row.claim = { holder, until };
    return copy(row);
  }

  async markSending(key: string, holder: string): Promise<boolean> {
    const row = this.held(key, holder);
    if (!row) return false;
    row.state = 'sending';
    row.attempts++;
    return true;
  }

  async complete(key: string, holder: string, state: 'sent' | 'dry-run', result: OutboxResult): Promise<boolean> {
    const row = this.held(key, holder);
    if (!row) return false;
    row.result = structuredClone(result);
    delete row.error;
    this.finish(row, state);
    return true;
  }

  async retryLater(key: string, holder: string, notBefore: number, error: OutboxError | undefined): Promise<boolean> {
    const row = this.held(key, holder);
    if (!row) return false;
    row.state = 'queued';
    row.notBefore = notBefore;
    if (error) row.error = errorOf(error);
    delete row.claim;
    return true;
  }

  async fail(key: string, holder: string, state: 'failed' | 'gone' | 'cancelled', error: OutboxError | undefined): Promise<boolean> {
    const row = this.held(key, holder);
    if (!row) return false;
    if (error) row.error = errorOf(error);
    else delete row.error;
    this.finish(row, state);
    return true;
  }

  async release(key: string, holder: string): Promise<void> {
    const row = this.rows.get(key);
    if (row?.claim?.holder === holder) delete row.claim;
  }

  async pauseLane(lane: string): Promise<void> {
    this.paused.add(lane);
  }

  async resumeLane(lane: string): Promise<void> {
    this.paused.delete(lane);
  }

  async pausedLanes(): Promise<string[]> {
    return [...this.paused].sort();
  }

  async counts(group: string): Promise<OutboxCounts> {
    const counts = Object.fromEntries(OUTBOX_STATES.map((s) => [s, 0])) as OutboxCounts;
    for (const row of this.rows.values()) if (row.group === group) counts[row.state]++;
    return counts;
  }

  async backlog(): Promise<Backlog> {
    return tallyBacklog(
      [...this.open].map(([lane, rows]) =>
        laneBacklogOf(
          this.paused.has(lane),
          rows.map((r) => r.createdAt),
        ),
      ),
    );
  }

  private held(key: string, holder: string): Row | undefined {
    const row = this.rows.get(key);
    return row && isUnfinished(row.state) && row.claim?.holder === holder ? row : undefined;
  }

  private finish(row: Row, state: OutboxItem['state']): void {
    row.state = state;
    delete row.claim;
    const lane = (this.open.get(row.lane) ?? []).filter((r) => r !== row);
    if (lane.length) this.open.set(row.lane, lane);
    else this.open.delete(row.lane);
  }
}

const errorOf = (e: OutboxError): OutboxError => {
  const out: OutboxError = {};
  if (e.status !== undefined) out.status = e.status;
  if (e.code !== undefined) out.code = e.code;
  return out;
};

function copy(row: Row): OutboxItem {
  const item: OutboxItem & { seq?: number } = structuredClone(row);
  delete item.seq;
  return item;
}
