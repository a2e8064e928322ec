import type { CallLog } from '../calls';
import type { Faults, FaultSpec } from '../faults';
import { GraphHttpError } from '../http/graph-error';
import type { Tenant } from '../tenant';
import type { Timeline } from '../timeline';
import type { Throttle } from '../throttling/throttle';
import type { PageSizes } from '../sim-types';

export interface ControlDeps {
  tenant: Tenant;
  faults: Faults;
  calls: CallLog;
  timeline: Timeline;
  throttle: Throttle;
}

type ControlResult = { status: number; body?: unknown };

const bad = (message: string) => new GraphHttpError(400, 'BadRequest', message);

/** Parses a fault posted over HTTP; `path` is a regex source string (flags via `flags`). */
function faultFromJson(body: Record<string, unknown>): FaultSpec {
  if (typeof body.path !== 'string') throw bad("'path' (regex string) is required");
  let path: RegExp;
  try {
    path = new RegExp(body.path, typeof body.flags === 'string' ? body.flags : 'i');
  } catch (err) {
    throw bad(`invalid path regex: ${(err as Error).message}`);
  }
  const num = (k: string) => (typeof body[k] === 'number' ? body[k] : undefined);
  return {
    path,
    method: typeof body.method === 'string' ? body.method : undefined,
    status: num('status'),
    times: num('times'),
    retryAfterSeconds: num('retryAfterSeconds'),
    delayMs: num('delayMs'),
    code: typeof body.code === 'string' ? body.code : undefined,
    message: typeof body.message === 'string' ? body.message : undefined,
  };
}

/** The /_sim/ control plane for out-of-process drivers (demo scripts, other test runners). */
/** A time as epoch ms or an ISO string; `fallback` when absent. */
function timeOf(value: unknown, name: string, fallback: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const t = typeof value === 'number' ? value : typeof value === 'string' ? (/^\d+$/.test(value) ? Number(value) : Date.parse(value)) : NaN;
  if (!Number.isFinite(t)) throw bad(`'${name}' must be an ISO date-time or epoch milliseconds`);
  return t;
}

export function handleControl(
  method: string,
  path: string,
  rawBody: unknown,
  deps: ControlDeps,
  query: URLSearchParams = new URLSearchParams(),
): ControlResult {
  const body = (rawBody && typeof rawBody === 'object' ? rawBody : {}) as Record<string, unknown>;
  const route = `${method} ${path.replace(/\/+$/, '')}`;
  const issueMatch = /^\/_sim\/issues\/([^/]+)\/(posts|resolve)$/.exec(path);
  if (issueMatch && method === 'POST') {
    const id = decodeURIComponent(issueMatch[1]);
    if (issueMatch[2] === 'resolve') {
      return {
        status: 200,
        body: deps.tenant.resolveIssue(id, { status: body.status as string | undefined, content: body.content as string | undefined }),
      };
    }
    if (typeof body.content !== 'string') throw bad("'content' (HTML) is required");
    return { status: 200, body: deps.tenant.addIssuePost(id, { content: body.content, status: body.status as string | undefined }) };
  }
  switch (route) {
    case 'POST /_sim/faults': {
      const handle = deps.faults.add(faultFromJson(body));
      return { status: 201, body: { added: true, remaining: handle.remaining } };
    }
    case 'GET /_sim/faults':
      return { status: 200, body: deps.faults.list().map((f) => ({ ...f.spec, path: String(f.spec.path), remaining: f.remaining })) };
    case 'DELETE /_sim/faults':
      deps.faults.clear();
      return { status: 204 };
    case 'POST /_sim/latency':
      if (typeof body.ms !== 'number') throw bad("'ms' (number) is required");
      deps.faults.setLatency(body.ms);
      return { status: 200, body: { latencyMs: deps.faults.latencyMs } };
    case 'POST /_sim/down':
      deps.faults.down();
      return { status: 200, body: { down: true } };
    case 'POST /_sim/up':
      deps.faults.up();
      return { status: 200, body: { down: false } };
    case 'GET /_sim/throttle':
      return { status: 200, body: deps.throttle.toJSON() };
    case 'POST /_sim/throttle':
      if (typeof body.enabled !== 'boolean') throw bad("'enabled' (boolean) is required");
      deps.throttle.enabled = body.enabled;
      deps.throttle.reset();
      return { status: 200, body: deps.throttle.toJSON() };
    case 'GET /_sim/calls':
      return { status: 200, body: [...deps.calls] };
    case 'DELETE /_sim/calls':
      deps.calls.clear();
      return { status: 204 };
    case 'GET /_sim/timeline':
      return { status: 200, body: deps.timeline.toJSON() };
    case 'POST /_sim/timeline/advance': {
      const issue = deps.timeline.advance();
      return { status: 200, body: { ...deps.timeline.toJSON(), issue: issue ?? null } };
    }
    case 'POST /_sim/issues':
      return { status: 200, body: deps.tenant.upsertIssue(body) };
    case 'GET /_sim/sign-ins': {
      const now = deps.tenant.now();
      const to = timeOf(query.get('to'), 'to', now);
      const value = deps.tenant.signIns.between(timeOf(query.get('from'), 'from', to - 3_600_000), to);
      return { status: 200, body: { frozenAt: signInFreeze(deps), count: value.length, value } };
    }
    case 'POST /_sim/sign-ins/freeze':
      deps.tenant.signIns.freeze(timeOf(body.at, 'at', deps.tenant.now()));
      return { status: 200, body: { frozenAt: signInFreeze(deps) } };
    case 'POST /_sim/sign-ins/unfreeze':
    case 'DELETE /_sim/sign-ins/freeze':
      deps.tenant.signIns.unfreeze();
      return { status: 200, body: { frozenAt: null } };
    case 'POST /_sim/sign-ins/lag':
      if (typeof body.ms !== 'number' || body.ms < 0) throw bad("'ms' (number ≥ 0) is required");
      deps.tenant.signIns.lagMs = body.ms;
      return { status: 200, body: { lagMs: body.ms } };
    case 'POST /_sim/page-size':
      deps.tenant.setPageSize(body.resource as keyof PageSizes, body.size as number);
      return { status: 200, body: deps.tenant.pageSizes };
    default:
      throw new GraphHttpError(404, 'NotFound', `No control endpoint ${route}.`);
  }
}

function signInFreeze(deps: ControlDeps): string | null {
  const at = deps.tenant.signIns.frozen;
  return at === undefined ? null : new Date(at).toISOString();
}
