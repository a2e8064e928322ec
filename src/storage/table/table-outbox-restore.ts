import type { TableClient } from '@azure/data-tables';
import type { OutboxItem } from '../../ports/outbox-store';
import { isUnfinished } from '../rules/outbox-claim-rule';
import { key, mapLimit, pad, statusOf } from './entities';
import type { Lanes, LaneEntry, LaneState } from './table-outbox-lanes';
import { errorJson, groupPk, itemIdentity } from './table-outbox-rows';

/**
 * store:migrate: items exactly as another store kept them (state, attempts, result, claim), `seq` giving
 * their enqueue order there, then each lane's list of unfinished items rebuilt in that order, and the paused
 * lanes. An item already stored is left as it is ('same').
 */
export async function restoreOutbox(
  table: TableClient,
  lanes: Lanes,
  items: Array<{ item: OutboxItem; seq: number }>,
  paused: Array<{ lane: string; pausedAt: number }>,
): Promise<{ created: number; same: number }> {
  let created = 0;
  const ordered = [...items].sort((x, y) => x.seq - y.seq);
  await mapLimit(ordered, 16, async ({ item: i, seq }) => {
    if (i.group !== undefined) await table.upsertEntity({ partitionKey: groupPk(i.group), rowKey: key(i.key) }, 'Replace');
    try {
      await table.createEntity({
        ...itemIdentity(i),
        state: i.state,
        attempts: i.attempts,
        notBefore: i.notBefore,
        createdAt: i.createdAt,
        updatedAt: i.createdAt,
        seq: `${pad(i.createdAt)}${pad(seq)}`,
        result: i.result ? JSON.stringify(i.result) : '',
        error: errorJson(i.error),
        claimHolder: i.claim?.holder ?? '',
        claimUntil: i.claim?.until ?? 0,
      });
      created++;
    } catch (e) {
      if (statusOf(e) !== 409) throw e;
    }
  });
  const open = new Map<string, LaneEntry[]>();
  for (const { item: i, seq } of ordered)
    if (isUnfinished(i.state))
      open.set(i.lane, [...(open.get(i.lane) ?? []), [i.key, `${pad(i.createdAt)}${pad(seq)}`, i.notBefore, i.createdAt]]);
  const pausedAt = new Map(paused.map((p) => [p.lane, p.pausedAt]));
  const touched = new Set([...open.keys(), ...pausedAt.keys()]);
  await mapLimit([...touched], 16, (lane) =>
    lanes.update(lane, (s) => {
      const want: LaneState = {
        lane,
        open: open.get(lane) ?? [],
        paused: pausedAt.has(lane),
        ...(pausedAt.has(lane) ? { pausedAt: pausedAt.get(lane) } : {}),
      };
      return JSON.stringify(s) === JSON.stringify(want) ? undefined : want;
    }),
  );
  return { created, same: items.length - created };
}
