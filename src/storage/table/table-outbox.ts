import type { TableClient, TransactionAction } from '@azure/data-tables';
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
import { compareDueOrder, isClaimable, isOpenHead, type LaneFacts } from '../rules/outbox-claim-rule';
import { chunk, failedIndex, getRow, key, listRows, lit, mapLimit, pad, statusOf, transact, type Row } from './entities';
import { Lanes, type LaneEntry, type LaneState } from './table-outbox-lanes';
import { restoreOutbox } from './table-outbox-restore';
import { bucket, errorJson, factsOf, groupPk, isOpen, itemIdentity, listedOrder, rowOrder, toItem } from './table-outbox-rows';

/**
 * The outbox on Table Storage.
 *   items   partition k<2 hex of the key's hash>, row = key: the item, its state and claim. Insert-if-absent
 *           is a plain create (409: the key is taken), and every change is a compare-and-set on its ETag.
 *   lanes   one row per lane with unfinished items, listing them in enqueue order (table-outbox-lanes.ts):
 *           the head is the first. `due` reads that partition, then the heads it would offer.
 *   groups  partition g:<group>, row = key: which items a group has, for counts().
 * An item is written before it is listed in its lane, and finished before it leaves the list: after a crash
 * a lane may list a finished head (the next `due` or `claim` drops it) or miss an item (enqueueing its key
 * again lists it). A head stays the head until it finishes, so a claim on an item `due` just offered needs
 * only that item's ETag.
 */

/** How long a head offered by due() may be claimed on the ETag read then, without reading its lane again. */
const OFFER_MS = 2_000;

type Held = { row: Row; at: number };

export class TableOutbox implements OutboxStore {
  private readonly lanes: Lanes;
  private seq = 0;
  /** Heads offered by due(), with their ETags; dropped once used or stale. */
  private readonly offered = new Map<string, Held>();
  /** Items this store claimed, as last written: the holder's next change needs no read (a 412 means read again). */
  private readonly mine = new Map<string, Row>();

  constructor(private readonly table: TableClient) {
    this.lanes = new Lanes(table);
  }

  async enqueue(items: NewOutboxItem[], now: number, claim?: { holder: string; until: number }): Promise<string[]> {
    const firstOf = new Map<string, NewOutboxItem>();
    for (const i of items) if (!firstOf.has(i.key)) firstOf.set(i.key, i);
    const unique = [...firstOf.values()];
    const entries = new Map<string, LaneEntry>();
    const entity = (i: NewOutboxItem) => {
      const seq = `${pad(now)}${String(++this.seq).padStart(9, '0')}`;
      const notBefore = i.notBefore ?? now;
      entries.set(i.key, [i.key, seq, notBefore, now]);
      return {
        ...itemIdentity(i),
        state: 'queued',
        attempts: 0,
        notBefore,
        createdAt: now,
        updatedAt: now,
        seq,
        claimHolder: claim?.holder ?? '',
        claimUntil: claim?.until ?? 0,
      };
    };
    // 1. Group membership first: counts() skips a member whose item is not there.
    const grouped = unique.filter((i) => i.group !== undefined);
    const byGroup = new Map<string, NewOutboxItem[]>();
    for (const i of grouped) byGroup.set(i.group!, [...(byGroup.get(i.group!) ?? []), i]);
    await mapLimit(
      [...byGroup].flatMap(([g, is]) =>
        chunk(is, 100).map((c) => c.map((i): TransactionAction => ['upsert', { partitionKey: groupPk(g), rowKey: key(i.key) }, 'Replace'])),
      ),
      4,
      (b) => transact(this.table, b),
    );
    // 2. The items, insert-if-absent, up to 100 per partition and transaction; a taken key drops out.
    const added = new Set<string>();
    const taken: string[] = [];
    const byBucket = new Map<string, NewOutboxItem[]>();
    for (const i of unique) byBucket.set(bucket(i.key), [...(byBucket.get(bucket(i.key)) ?? []), i]);
    await mapLimit(
      [...byBucket.values()].flatMap((is) => chunk(is, 100)),
      8,
      async (batch) => {
        let left = batch;
        while (left.length) {
          try {
            await transact(
              this.table,
              left.map((i): TransactionAction => ['create', entity(i)]),
            );
            for (const i of left) added.add(i.key);
            return;
          } catch (e) {
            const n = failedIndex(e);
            if (statusOf(e) !== 409 || n === undefined) throw e;
            taken.push(left[n].key);
            left = left.filter((_, m) => m !== n);
          }
        }
      },
    );
    // 3. A taken key that is still unfinished may have been written by an enqueue that stopped before listing it.
    const relist = (await mapLimit(taken, 16, (k) => getRow(this.table, bucket(k), key(k)))).filter(isOpen).map((r) => r!);
    for (const r of relist) entries.set(String(r.key), [String(r.key), String(r.seq), Number(r.notBefore), Number(r.createdAt)]);
    // 4. Each lane lists its new items after everything it already has, in the order given.
    const byLane = new Map<string, LaneEntry[]>();
    for (const i of unique) if (added.has(i.key)) byLane.set(i.lane, [...(byLane.get(i.lane) ?? []), entries.get(i.key)!]);
    for (const r of relist) byLane.set(String(r.lane), [...(byLane.get(String(r.lane)) ?? []), entries.get(String(r.key))!]);
    await this.lanes.updateMany(
      [...byLane].map(([lane, es]) => [
        lane,
        (s) => {
          const listed = new Set(s.open.map((e) => e[0]));
          const more = es.filter((e) => !listed.has(e[0]));
          return more.length ? { ...s, open: [...s.open, ...more] } : undefined;
        },
      ]),
    );
    return unique.filter((i) => added.has(i.key)).map((i) => i.key);
  }

  async get(k: string): Promise<OutboxItem | undefined> {
    const row = await this.read(k);
    return row ? toItem(row) : undefined;
  }

  async due(now: number, limit: number): Promise<OutboxItem[]> {
    if (limit <= 0) return [];
    // 1. Lanes whose head the rule lets go and whose listed notBefore has come, soonest first.
    const candidates = (await this.lanes.all())
      .filter((l) => l.open.length > 0 && isOpenHead({ isHead: true, paused: l.paused }) && l.open[0][2] <= now)
      .map((l) => l.open[0])
      .sort((a, b) => compareDueOrder(listedOrder(a), listedOrder(b)));
    // 2. Read heads in that order until `limit` are found that the rule lets anyone claim.
    const found: Row[] = [];
    let next = 0;
    while (found.length < limit && next < candidates.length) {
      const wave = candidates.slice(next, next + Math.max(8, limit - found.length + 8));
      next += wave.length;
      const rows = await mapLimit(wave, 32, (e) => this.read(e[0]));
      const more: LaneEntry[] = [];
      await mapLimit(wave, 16, async (e, n) => {
        const row = rows[n];
        if (isOpen(row)) {
          if (isClaimable(factsOf(row!), now)) found.push(row!);
          return;
        }
        // A finished head still listed (its lane row was not updated before a crash): drop it, look at the next.
        const lane = row ? String(row.lane) : undefined;
        if (!lane) return;
        const after = await this.lanes.update(lane, (s) => (s.open[0]?.[0] === e[0] ? { ...s, open: s.open.slice(1) } : undefined));
        if (after?.open[0] && isOpenHead({ isHead: true, paused: after.paused }) && after.open[0][2] <= now) more.push(after.open[0]);
      });
      candidates.push(...more);
    }
    const heads = found.sort((a, b) => compareDueOrder(rowOrder(a), rowOrder(b))).slice(0, limit);
    const at = Date.now();
    for (const r of heads) this.offered.set(String(r.key), { row: r, at });
    if (this.offered.size > 10_000) this.offered.clear();
    return heads.map(toItem);
  }

  async claim(k: string, holder: string, until: number, now: number): Promise<OutboxItem | undefined> {
    let offer = this.offered.get(k);
    this.offered.delete(k);
    if (offer && Date.now() - offer.at > OFFER_MS) offer = undefined;
    for (let attempt = 0; ; attempt++) {
      // An offer from due() a moment ago stands for the lane: its head then, in a lane not paused.
      const row = offer?.row ?? (await this.read(k));
      if (!row || !isClaimable(factsOf(row), now, holder)) return undefined;
      if (!offer && !isOpenHead(await this.standingOf(String(row.lane), k))) return undefined;
      offer = undefined;
      const updated = await this.write(row, { claimHolder: holder, claimUntil: until });
      if (updated) {
        if (this.mine.size > 10_000) this.mine.clear();
        this.mine.set(k, updated);
        return toItem(updated);
      }
      if (attempt >= 20) return undefined;
    }
  }

  async markSending(k: string, holder: string, now: number): Promise<boolean> {
    return this.change(k, holder, (r) => ({ state: 'sending', attempts: Number(r.attempts) + 1, updatedAt: now }));
  }

  async complete(k: string, holder: string, state: 'sent' | 'dry-run', result: OutboxResult, now: number): Promise<boolean> {
    return this.finish(k, holder, { state, result: JSON.stringify(result), error: '', updatedAt: now });
  }

  async retryLater(k: string, holder: string, notBefore: number, error: OutboxError | undefined, now: number): Promise<boolean> {
    let lane = '';
    const done = await this.change(k, holder, (r) => {
      lane = String(r.lane);
      return { state: 'queued', notBefore, ...(error ? { error: errorJson(error) } : {}), claimHolder: '', claimUntil: 0, updatedAt: now };
    });
    // The lane's listed notBefore may rise to the item's: due() then skips it without reading it.
    if (done)
      await this.lanes.update(lane, (s) =>
        s.open[0]?.[0] === k ? { ...s, open: [[k, s.open[0][1], notBefore, s.open[0][3]], ...s.open.slice(1)] } : undefined,
      );
    return done;
  }

  async fail(
    k: string,
    holder: string,
    state: 'failed' | 'gone' | 'cancelled',
    error: OutboxError | undefined,
    now: number,
  ): Promise<boolean> {
    return this.finish(k, holder, { state, error: errorJson(error), updatedAt: now });
  }

  async release(k: string, holder: string): Promise<void> {
    this.mine.delete(k);
    for (let attempt = 0; attempt < 20; attempt++) {
      const row = await this.read(k);
      if (!row || row.claimHolder !== holder) return;
      if (await this.write(row, { claimHolder: '', claimUntil: 0 })) return;
    }
  }

  async pauseLane(lane: string, now: number): Promise<void> {
    await this.lanes.update(lane, (s) => (s.paused ? undefined : { ...s, paused: true, pausedAt: now }));
  }

  async resumeLane(lane: string): Promise<void> {
    await this.lanes.update(lane, (s) => (s.paused ? { lane, open: s.open, paused: false } : undefined));
  }

  async pausedLanes(): Promise<string[]> {
    return (await this.lanes.all())
      .filter((l) => l.paused)
      .map((l) => l.lane)
      .sort();
  }

  async counts(group: string): Promise<OutboxCounts> {
    const counts = Object.fromEntries(OUTBOX_STATES.map((s) => [s, 0])) as OutboxCounts;
    const members = await listRows(this.table, `PartitionKey eq ${lit(groupPk(group))}`, ['RowKey']);
    const rows = await mapLimit(members, 32, (m) => this.read(decodeURIComponent(String(m.rowKey))));
    for (const r of rows) if (r && r.group === group) counts[r.state as keyof OutboxCounts]++;
    return counts;
  }

  async backlog(): Promise<Backlog> {
    return tallyBacklog(
      (await this.lanes.all()).map((l) =>
        laneBacklogOf(
          l.paused,
          l.open.map((e) => e[3]),
        ),
      ),
    );
  }

  /**
   * store:migrate: items exactly as another store kept them, `seq` giving their enqueue order there
   * (table-outbox-restore.ts).
   */
  restore(
    items: Array<{ item: OutboxItem; seq: number }>,
    paused: Array<{ lane: string; pausedAt: number }>,
  ): Promise<{ created: number; same: number }> {
    return restoreOutbox(this.table, this.lanes, items, paused);
  }

  private read(k: string): Promise<Row | undefined> {
    return getRow(this.table, bucket(k), key(k));
  }

  /** Where `k` stands in its lane. Finished heads still listed are dropped on the way (a paused lane is left as listed). */
  private async standingOf(lane: string, k: string): Promise<LaneFacts> {
    for (;;) {
      const s: LaneState | undefined = await this.lanes.get(lane);
      if (!s || s.open.length === 0) return { isHead: false, paused: s?.paused === true };
      const head = s.open[0][0];
      if (head === k || s.paused) return { isHead: head === k, paused: s.paused };
      const row = await this.read(head);
      if (isOpen(row)) return { isHead: false, paused: false };
      await this.lanes.update(lane, (l) => (l.open[0]?.[0] === head ? { ...l, open: l.open.slice(1) } : undefined));
    }
  }

  /** Merges `props` into the row on its ETag; the row as written, or undefined when someone else wrote first. */
  private async write(row: Row, props: Record<string, unknown>): Promise<Row | undefined> {
    try {
      const res = await this.table.updateEntity({ partitionKey: row.partitionKey!, rowKey: row.rowKey!, ...props }, 'Merge', {
        etag: row.etag,
      });
      return { ...row, ...props, etag: res.etag ?? row.etag };
    } catch (e) {
      if (statusOf(e) === 412 || statusOf(e) === 404) return undefined;
      throw e;
    }
  }

  /** A change by the claim's holder to an unfinished item; false (and nothing written) for anyone else. */
  private async change(k: string, holder: string, props: (r: Row) => Record<string, unknown>): Promise<boolean> {
    let row = this.mine.get(k);
    this.mine.delete(k);
    for (let attempt = 0; attempt < 20; attempt++) {
      // A remembered row that says no is read again: only the stored item may refuse.
      if (!row || !isOpen(row) || row.claimHolder !== holder) row = await this.read(k);
      if (!isOpen(row) || row!.claimHolder !== holder) return false;
      const written = await this.write(row!, props(row!));
      if (written) {
        if (isOpen(written)) this.mine.set(k, written);
        return true;
      }
      row = undefined;
    }
    return false;
  }

  /** Done, one way or another: the claim ends and the item leaves its lane's list. */
  private async finish(k: string, holder: string, props: Record<string, unknown>): Promise<boolean> {
    let lane = '';
    const done = await this.change(k, holder, (r) => {
      lane = String(r.lane);
      return { ...props, claimHolder: '', claimUntil: 0 };
    });
    if (done)
      await this.lanes.update(lane, (s) => (s.open.some((e) => e[0] === k) ? { ...s, open: s.open.filter((e) => e[0] !== k) } : undefined));
    return done;
  }
}
