import { createHash } from 'node:crypto';
import type { NewOutboxItem, OutboxError, OutboxItem, OutboxResult } from '../../ports/outbox-store';
import { isUnfinished, type ClaimFacts } from '../rules/outbox-claim-rule';
import { key, packJson, unpackJson, type Row } from './entities';
import type { LaneEntry } from './table-outbox-lanes';

/** How an outbox item is kept as a table row (table-outbox.ts describes the partitions), and read back. */
export const bucket = (k: string) => `k${createHash('sha1').update(k).digest('hex').slice(0, 2)}`;
export const groupPk = (group: string) => `g:${key(group)}`;
export function toItem(r: Row): OutboxItem {
  const item: OutboxItem = {
    key: String(r.key),
    kind: String(r.kind),
    lane: String(r.lane),
    tenant: String(r.tenant),
    to: unpackJson(r, 'to'),
    payload: unpackJson(r, 'payload'),
    state: r.state as OutboxItem['state'],
    attempts: Number(r.attempts),
    notBefore: Number(r.notBefore),
    createdAt: Number(r.createdAt),
  };
  if (typeof r.group === 'string') item.group = r.group;
  if (typeof r.result === 'string' && r.result) item.result = JSON.parse(r.result) as OutboxResult;
  if (typeof r.error === 'string' && r.error) item.error = JSON.parse(r.error) as OutboxError;
  if (typeof r.claimHolder === 'string' && r.claimHolder) item.claim = { holder: r.claimHolder, until: Number(r.claimUntil) };
  return item;
}

export const errorJson = (e: OutboxError | undefined) => (e ? JSON.stringify({ status: e.status, code: e.code }) : '');
export const isOpen = (r: Row | undefined) => r !== undefined && isUnfinished(r.state);
/** A row as the claim rule reads it. */
export const factsOf = (r: Row): ClaimFacts => ({
  state: r.state as ClaimFacts['state'],
  notBefore: Number(r.notBefore),
  claim: typeof r.claimHolder === 'string' && r.claimHolder ? { holder: r.claimHolder, until: Number(r.claimUntil) } : undefined,
});
/** A head as the rule orders it: as its lane lists it (notBefore a lower bound), or as read. */
export const listedOrder = (e: LaneEntry) => ({ notBefore: e[2], seq: e[1] });
export const rowOrder = (r: Row) => ({ notBefore: Number(r.notBefore), seq: String(r.seq) });

/** What an item is, whatever its state: where it lives, what it says, to whom, in which lane and group. */
export function itemIdentity(i: NewOutboxItem) {
  return {
    partitionKey: bucket(i.key),
    rowKey: key(i.key),
    key: i.key,
    kind: i.kind,
    lane: i.lane,
    tenant: i.tenant,
    ...packJson(i.to, 'to'),
    ...packJson(i.payload, 'payload'),
    ...(i.group === undefined ? {} : { group: i.group }),
  };
}
