import { badRequest } from './graph-error';

/** What a directory $skiptoken carries: the original query and where the next page starts. */
export interface PageState {
  query: string;
  offset: number;
  eventual: boolean;
}

export function encodeSkipToken(state: PageState): string {
  return Buffer.from(JSON.stringify([state.query, state.offset, state.eventual ? 1 : 0])).toString('base64url');
}

export function decodeSkipToken(token: string): PageState {
  try {
    const [query, offset, eventual] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as [unknown, unknown, unknown];
    if (typeof query !== 'string' || typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) throw new Error('shape');
    return { query, offset, eventual: eventual === 1 };
  } catch {
    throw badRequest('Invalid $skiptoken value.', 'Request_BadRequest');
  }
}

/**
 * Slices one page. Directory-style resources page with an opaque $skiptoken that
 * replays the whole query; service communications use $skip like the docs show.
 */
export function pageOf<T>(
  items: T[],
  offset: number,
  size: number,
  nextLink: (nextOffset: number) => string,
): { page: T[]; nextLink?: string } {
  const page = items.slice(offset, offset + size);
  const next = offset + size;
  return next < items.length ? { page, nextLink: nextLink(next) } : { page };
}

/** Query string without the given option names (case-insensitive), kept in order. */
export function queryWithout(rawQuery: string, names: string[]): string {
  const drop = new Set(names.map((n) => n.toLowerCase()));
  return rawQuery
    .split('&')
    .filter((part) => part && !drop.has(decodeURIComponent(part.split('=')[0].replace(/\+/g, ' ')).toLowerCase()))
    .join('&');
}
