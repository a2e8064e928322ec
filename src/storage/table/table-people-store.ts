import type { TableClient } from '@azure/data-tables';
import type { ConversationRef } from '../../ports/notifier';
import type { PeopleStore } from '../../ports/people-store';
import { defined, getRow, key, listRows, mapLimit, statusOf, unkey } from './entities';

/** One person per row, spread over partitions by the first characters of the (lower-cased) object id. */
const at = (aadObjectId: string) => {
  const id = aadObjectId.toLowerCase();
  return { partitionKey: `p${key(id.slice(0, 2))}`, rowKey: key(id) };
};

/** People on Table Storage. A merge writes only what it is given, so what is not given stays as known. */
export class TablePeopleStore implements PeopleStore {
  constructor(private readonly table: TableClient) {}

  async remember(p: { aadObjectId: string; teamsId?: string; personalChat?: ConversationRef; at: number }): Promise<void> {
    await this.table.upsertEntity(
      defined({
        ...at(p.aadObjectId),
        teamsId: p.teamsId,
        personalRef: p.personalChat ? JSON.stringify(p.personalChat) : undefined,
        seenAt: p.at,
      }),
      'Merge',
    );
  }

  async teamsIds(aadObjectIds: string[]): Promise<Map<string, string>> {
    const ids = [...new Set(aadObjectIds.map((i) => i.toLowerCase()))];
    const rows = await mapLimit(ids, 16, (id) => getRow(this.table, at(id).partitionKey, at(id).rowKey));
    const out = new Map<string, string>();
    rows.forEach((r, i) => {
      if (typeof r?.teamsId === 'string' && r.teamsId) out.set(ids[i], r.teamsId);
    });
    return out;
  }

  async personalChat(aadObjectId: string): Promise<ConversationRef | undefined> {
    const row = await getRow(this.table, at(aadObjectId).partitionKey, at(aadObjectId).rowKey);
    return typeof row?.personalRef === 'string' && row.personalRef ? (JSON.parse(row.personalRef) as ConversationRef) : undefined;
  }

  async knownPersonalChats(aadObjectIds: string[]): Promise<Set<string>> {
    const ids = [...new Set(aadObjectIds.map((i) => i.toLowerCase()))];
    if (ids.length <= 50) {
      const rows = await mapLimit(ids, 16, (id) => getRow(this.table, at(id).partitionKey, at(id).rowKey));
      return new Set(ids.filter((_, i) => typeof rows[i]?.personalRef === 'string' && rows[i].personalRef !== ''));
    }
    // A cohort of thousands: one pass over the people the bot has a chat with (far fewer than the tenant).
    const wanted = new Set(ids);
    const withChat = await listRows(this.table, `personalRef gt ''`, ['RowKey']);
    return new Set(withChat.map((r) => unkey(String(r.rowKey))).filter((id) => wanted.has(id)));
  }

  /** store:migrate: a person as another store kept them; 'same' when already stored so. */
  async restore(p: {
    aadObjectId: string;
    teamsId?: string;
    personalChat?: ConversationRef;
    seenAt: number;
  }): Promise<'created' | 'updated' | 'same'> {
    const where = at(p.aadObjectId);
    const want = { teamsId: p.teamsId ?? '', personalRef: p.personalChat ? JSON.stringify(p.personalChat) : '', seenAt: p.seenAt };
    const row = await getRow(this.table, where.partitionKey, where.rowKey);
    if (row && (row.teamsId ?? '') === want.teamsId && (row.personalRef ?? '') === want.personalRef && row.seenAt === want.seenAt)
      return 'same';
    await this.table.upsertEntity({ ...where, ...want }, 'Replace');
    return row ? 'updated' : 'created';
  }

  async forgetPersonalChat(aadObjectId: string): Promise<void> {
    try {
      // Merge can't remove a property; an empty one means "no chat". Merge into nothing is a 404: a stranger.
      await this.table.updateEntity({ ...at(aadObjectId), personalRef: '' }, 'Merge');
    } catch (e) {
      if (statusOf(e) !== 404) throw e;
    }
  }
}
