import { badRequest, unsupportedQuery } from '../http/graph-error';
import { asText } from './as-text';

/** Reads a system query option case-insensitively ($FILTER and $filter are the same to Graph). */
export function option(query: URLSearchParams, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of query) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/** 400 for any `$option` the endpoint doesn't support (e.g. the registration report takes only $filter/$orderby). */
export function rejectUnsupportedOptions(query: URLSearchParams, allowed: string[]) {
  const ok = new Set(allowed.map((a) => a.toLowerCase()));
  for (const key of query.keys()) {
    if (key.startsWith('$') && !ok.has(key.toLowerCase())) {
      throw badRequest(`Query option '${key}' is not supported on this resource.`, 'Request_UnsupportedQuery');
    }
  }
}

export function parseSelect(value: string | undefined, known: readonly string[], entity: string): string[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const byLower = new Map(known.map((k) => [k.toLowerCase(), k]));
  return value.split(',').map((raw) => {
    const name = raw.trim();
    const found = byLower.get(name.toLowerCase());
    if (!found) {
      throw badRequest(`Parsing OData Select and Expand failed: Could not find a property named '${name}' on type '${entity}'.`);
    }
    return found;
  });
}

export interface OrderBy {
  property: string;
  descending: boolean;
}

export function parseOrderBy(value: string | undefined, sortable: readonly string[]): OrderBy[] {
  if (!value) return [];
  const byLower = new Map(sortable.map((k) => [k.toLowerCase(), k]));
  return value.split(',').map((clause) => {
    const [name, direction, extra] = clause.trim().split(/\s+/);
    const property = byLower.get((name ?? '').toLowerCase());
    const dir = (direction ?? 'asc').toLowerCase();
    if (!property || extra !== undefined || (dir !== 'asc' && dir !== 'desc')) {
      throw unsupportedQuery(`Order by not supported for '${clause.trim()}'.`);
    }
    return { property, descending: dir === 'desc' };
  });
}

export function sortBy<T>(items: T[], order: OrderBy[], get: (item: T, prop: string) => unknown): T[] {
  if (order.length === 0) return items;
  return [...items].sort((a, b) => {
    for (const { property, descending } of order) {
      const x = sortKey(get(a, property));
      const y = sortKey(get(b, property));
      if (x < y) return descending ? 1 : -1;
      if (x > y) return descending ? -1 : 1;
    }
    return 0;
  });
}

function sortKey(v: unknown): string | number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return asText(v).toLowerCase();
}

export function parseTop(value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw unsupportedQuery(`Invalid page size specified: '${value}'. Must be between 1 and ${max} inclusive.`);
  }
  return n;
}

/** Picks the selected properties (or the default set) in the order given. */
export function project(full: Record<string, unknown>, select: readonly string[] | undefined, defaults: readonly string[]) {
  const out: Record<string, unknown> = {};
  for (const key of select ?? defaults) if (key in full) out[key] = full[key];
  return out;
}
