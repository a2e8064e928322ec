import type { TableClient, TableEntityResult, TransactionAction } from '@azure/data-tables';

/** An entity as read back: its own properties plus the keys and the ETag Table Storage adds. */
export type Row = TableEntityResult<Record<string, unknown>>;

/**
 * Table keys may not hold / \ # ? or control characters (and compare as strings). encodeURIComponent
 * leaves only letters, digits and - _ . ! ~ * ' ( ), so an encoded part never holds our separator `:`.
 */
export const key = (s: string): string => encodeURIComponent(s);
export const unkey = (s: string): string => decodeURIComponent(s);

/** Epoch ms (or any non-negative integer below 10^15) as fixed-width text, so keys sort as numbers do. */
export const pad = (n: number): string => String(Math.max(0, Math.floor(n))).padStart(15, '0');
/** The same, counting down: the newest sorts first. */
export const invert = (n: number): string => pad(999_999_999_999_999 - n);

/** A string property holds at most 64 KiB (32K UTF-16 units): longer JSON is split over json0, json1… */
const CHUNK = 30_000;

export function packJson(value: unknown, name = 'json'): Record<string, string | number> {
  const text = JSON.stringify(value);
  const out: Record<string, string | number> = { [`${name}Parts`]: Math.max(1, Math.ceil(text.length / CHUNK)) };
  for (let i = 0; i * CHUNK < text.length || i === 0; i++) out[`${name}${i}`] = text.slice(i * CHUNK, (i + 1) * CHUNK);
  return out;
}

export function unpackJson<T>(row: Record<string, unknown>, name = 'json'): T {
  const parts = Number(row[`${name}Parts`] ?? 1);
  let text = '';
  for (let i = 0; i < parts; i++) text += opt(row[`${name}${i}`]) ?? '';
  return JSON.parse(text) as T;
}

/** The HTTP status of a Table or Blob Storage failure (404 missing, 409 exists, 412 ETag lost), if it is one. */
export function statusOf(e: unknown): number | undefined {
  const s = (e as { statusCode?: unknown } | null)?.statusCode;
  return typeof s === 'number' ? s : undefined;
}

/**
 * Which operation of a failed transaction failed: the service prefixes its message with the index
 * ("2:The specified entity already exists…"). Undefined when the failure was not about one operation.
 */
export function failedIndex(e: unknown): number | undefined {
  const m = /^(\d+):/.exec(opt((e as { message?: unknown } | null)?.message) ?? '');
  return m ? Number(m[1]) : undefined;
}

/** Reads one entity; undefined when there is none. */
export async function getRow(client: TableClient, pk: string, rk: string): Promise<Row | undefined> {
  try {
    return await client.getEntity<Record<string, unknown>>(pk, rk);
  } catch (e) {
    if (statusOf(e) === 404) return undefined;
    throw e;
  }
}

/** Every entity matching the filter, page by page (Table Storage answers at most 1,000 per page). */
export async function listRows(client: TableClient, filter: string, select?: string[], top?: number): Promise<Row[]> {
  const out: Row[] = [];
  const pages = client.listEntities<Record<string, unknown>>({ queryOptions: { filter, select } }).byPage({ maxPageSize: top ?? 1000 });
  for await (const page of pages) {
    out.push(...page);
    if (top !== undefined && out.length >= top) return out.slice(0, top);
  }
  return out;
}

/** OData literal for a string, quotes doubled. */
export const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** Runs a transaction (one partition, at most 100 operations); nothing to do is fine. */
export async function transact(client: TableClient, actions: TransactionAction[]): Promise<void> {
  if (actions.length === 0) return;
  if (actions.length > 100) throw new Error(`a table transaction holds at most 100 operations, not ${actions.length}`);
  await client.submitTransaction(actions);
}

export { mapLimit } from '../../core/map-limit';

export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Drops undefined properties: the SDK would send them as nulls, which Table Storage refuses. */
export function defined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** A string property, or undefined when it is absent (or not a string). */
export const opt = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
