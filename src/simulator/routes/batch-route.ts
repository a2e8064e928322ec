import { badRequest, errorResponse, GraphHttpError, newRequestId } from '../http/graph-error';
import type { GraphRequest, GraphResponse } from '../sim-types';

interface BatchItem {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
}

export type DispatchItem = (req: GraphRequest) => Promise<GraphResponse>;

const MAX_REQUESTS = 20;

function validate(body: unknown): BatchItem[] {
  const requests = (body as { requests?: unknown } | undefined)?.requests;
  if (!Array.isArray(requests)) throw badRequest('Invalid batch payload format.');
  if (requests.length > MAX_REQUESTS) throw badRequest(`The number of requests in the batch exceeds the maximum of ${MAX_REQUESTS}.`);
  const ids = new Set<string>();
  for (const r of requests as BatchItem[]) {
    if (!r || typeof r.id !== 'string' || typeof r.method !== 'string' || typeof r.url !== 'string') {
      throw badRequest("Invalid batch payload format: each request needs 'id', 'method' and 'url'.");
    }
    if (ids.has(r.id)) throw badRequest(`Duplicate request id '${r.id}' in batch.`);
    ids.add(r.id);
  }
  for (const r of requests as BatchItem[]) {
    for (const dep of r.dependsOn ?? []) if (!ids.has(dep)) throw badRequest(`Request '${r.id}' depends on unknown request '${dep}'.`);
  }
  return requests as BatchItem[];
}

/**
 * Runs each item through the normal pipeline (so faults apply per item).
 * Items wait for their dependsOn; a failed dependency yields 424.
 */
export async function runBatch(outer: GraphRequest, dispatch: DispatchItem): Promise<GraphResponse> {
  const items = validate(outer.body);
  const results = new Map<string, GraphResponse>();
  const pending = [...items];
  while (pending.length) {
    const ready = pending.filter((i) => (i.dependsOn ?? []).every((d) => results.has(d)));
    if (ready.length === 0) throw badRequest('Circular dependsOn in batch.');
    await Promise.all(
      ready.map(async (item) => {
        pending.splice(pending.indexOf(item), 1);
        const failedDep = (item.dependsOn ?? []).some((d) => results.get(d)!.status >= 400);
        results.set(item.id, failedDep ? failedDependency() : await dispatch(toRequest(outer, item)));
      }),
    );
  }
  return {
    status: 200,
    body: {
      responses: items.map((i) => {
        const r = results.get(i.id)!;
        const entry: Record<string, unknown> = { id: i.id, status: r.status, headers: r.headers ?? {} };
        if (r.body !== undefined) entry.body = r.body;
        return entry;
      }),
    },
  };
}

function failedDependency(): GraphResponse {
  const id = newRequestId();
  const res = errorResponse(new GraphHttpError(424, 'FailedDependency', 'Failed dependency.'), id, id);
  return { ...res, headers: { 'Content-Type': 'application/json' } };
}

function toRequest(outer: GraphRequest, item: BatchItem): GraphRequest {
  // Graph wants URLs relative to the version; the JS SDK sends "/v1.0/..." after stripping the host, so accept both.
  const relative = ('/' + item.url.replace(/^\/+/, '')).replace(/^\/v1\.0(?=\/|$)/i, '');
  const q = relative.indexOf('?');
  const path = q === -1 ? relative : relative.slice(0, q);
  const rawQuery = q === -1 ? '' : relative.slice(q + 1);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(item.headers ?? {})) headers[k.toLowerCase()] = String(v);
  if (outer.headers.authorization) headers.authorization = outer.headers.authorization;
  let body = item.body;
  if (typeof body === 'string' && (headers['content-type'] ?? '').includes('json')) {
    try {
      body = JSON.parse(body);
    } catch {
      /* leave as text */
    }
  }
  return { method: item.method.toUpperCase(), path, rawQuery, query: new URLSearchParams(rawQuery), headers, body, baseUrl: outer.baseUrl };
}
