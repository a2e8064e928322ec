import {
  OPEN_TAP_STATUSES,
  TAP_STATUSES,
  targetKeyOf,
  type TapAuditEntry,
  type TapCardRef,
  type TapRequest,
  type TapStatus,
} from '../../domain/tap-request';
import type { TapStore } from '../../ports/tap-store';
import { pickDueTaps } from '../rules/tap-due-rule';

const OPEN: TapStatus[] = OPEN_TAP_STATUSES;

const sameId = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
/** A card is identified by its request, its conversation and its activity (as in SQLite's primary key). */
const cardKey = (c: TapCardRef) =>
  JSON.stringify([c.requestId, String((c.ref.conversation as { id?: string } | undefined)?.id ?? ''), c.activityId]);

export class MemoryTapStore implements TapStore {
  private readonly requests = new Map<string, TapRequest>();
  private cardList: TapCardRef[] = [];
  /** Oldest first; history reads it backwards. */
  private readonly trail: TapAuditEntry[] = [];

  async create(req: TapRequest): Promise<'created' | 'target-busy'> {
    if (this.requests.has(req.id)) throw new Error(`TAP request ${req.id} is already stored`);
    if (OPEN.includes(req.status) && this.findOpen(targetKeyOf(req))) return 'target-busy';
    this.requests.set(req.id, structuredClone(req));
    return 'created';
  }

  async get(id: string): Promise<TapRequest | undefined> {
    return structuredClone(this.requests.get(id));
  }

  async transition(from: TapStatus, next: TapRequest): Promise<boolean> {
    if (this.requests.get(next.id)?.status !== from) return false;
    // As SQLite's unique index would: a request can't become a second open one for its user.
    const other = OPEN.includes(next.status) ? this.findOpen(targetKeyOf(next)) : undefined;
    if (other && other.id !== next.id) throw new Error(`another open TAP request for ${targetKeyOf(next)} exists`);
    this.requests.set(next.id, structuredClone(next));
    return true;
  }

  async openFor(targetId: string): Promise<TapRequest | undefined> {
    return structuredClone(this.findOpen(targetId.toLowerCase()));
  }

  async countByRequesterSince(requesterId: string, since: number): Promise<number> {
    return [...this.requests.values()].filter((r) => sameId(r.requester.id, requesterId) && r.createdAt > since).length;
  }

  async due(now: number, stuckBefore: number): Promise<TapRequest[]> {
    return structuredClone(pickDueTaps([...this.requests.values()], now, stuckBefore));
  }

  async addCard(card: TapCardRef): Promise<void> {
    // A replaced card goes to the end, as SQLite's INSERT OR REPLACE does.
    this.cardList = this.cardList.filter((c) => cardKey(c) !== cardKey(card));
    this.cardList.push(structuredClone(card));
  }

  async cards(requestId: string): Promise<TapCardRef[]> {
    return structuredClone(this.cardList.filter((c) => c.requestId === requestId));
  }

  async audit(entry: TapAuditEntry): Promise<void> {
    this.trail.push(structuredClone(entry));
  }

  async history(opts: { targetId?: string; limit: number }): Promise<TapAuditEntry[]> {
    const { targetId } = opts;
    const matching = targetId ? this.trail.filter((e) => sameId(e.target.id, targetId)) : this.trail;
    return structuredClone([...matching].reverse().slice(0, Math.max(0, opts.limit)));
  }

  async countByStatus(): Promise<Record<TapStatus, number>> {
    const counts = Object.fromEntries(TAP_STATUSES.map((s) => [s, 0])) as Record<TapStatus, number>;
    for (const r of this.requests.values()) counts[r.status]++;
    return counts;
  }

  private findOpen(targetKey: string): TapRequest | undefined {
    return [...this.requests.values()].find((r) => OPEN.includes(r.status) && targetKeyOf(r) === targetKey);
  }
}
