import type { GraphRequest } from './graph-request';

type Page<T> = { value?: T[]; '@odata.nextLink'?: string };

/**
 * Yields each page of a collection, following absolute @odata.nextLink verbatim; each page is its own request (with
 * its own retries), so a 429 resumes at the same nextLink instead of restarting. With `readAhead` the next page is
 * requested as soon as the current one arrives, overlapping the caller's work with the round trip (for callers
 * that read to the end; one that stops early would waste that request).
 */
export async function* readPages<T>(
  request: (req: GraphRequest) => Promise<Page<T>>,
  req: GraphRequest,
  opts: { readAhead?: boolean } = {},
): AsyncGenerator<T[]> {
  const fetchPage = (r: GraphRequest) => {
    const p = request(r);
    p.catch(() => undefined); // handled when awaited; an abandoned read-ahead must not be "unhandled"
    return p;
  };
  let pending: Promise<Page<T>> | undefined = fetchPage(req);
  while (pending) {
    const page: Page<T> = await pending;
    const link = page['@odata.nextLink'];
    const next = link ? { part: req.part, path: link, headers: req.headers, priority: req.priority } : undefined;
    pending = next && opts.readAhead ? fetchPage(next) : undefined;
    yield page.value ?? [];
    if (next && !opts.readAhead) pending = fetchPage(next);
  }
}

/** Every item of the pages; with `limit`, it stops reading after the page that reaches it (so it may hold a few more). */
export async function readAll<T>(pages: AsyncIterable<T[]>, limit = Number.POSITIVE_INFINITY): Promise<T[]> {
  const items: T[] = [];
  for await (const page of pages) {
    items.push(...page);
    if (items.length >= limit) break;
  }
  return items;
}
