import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { CallLog } from './calls';
import { Faults } from './faults';
import { createGraphPipeline, GRAPH_CONTENT_TYPE } from './graph-pipeline';
import { errorResponse, GraphHttpError, newRequestId, toGraphError } from './http/graph-error';
import { handleControl } from './routes/control-routes';
import { buildContoso, CONTOSO } from './seed/contoso';
import type { SignInLog } from './sign-in-log';
import { Tenant, type TenantSeed } from './tenant';
import { Timeline } from './timeline';
import { Throttle } from './throttling/throttle';
import { ensureCertificate } from './tls-certificate';
import type { GraphRequest, PageSizes } from './sim-types';
import { sleepOn, WALL_CLOCK, type SimClock } from './sim-clock';

export interface SimulatorOptions {
  port?: number;
  host?: string;
  tlsDir?: string;
  latencyMs?: number;
  generatedUsers?: number;
  pageSizes?: Partial<PageSizes>;
  timeline?: 'auto' | 'manual';
  timelineSpeed?: number;
  incidentOpen?: boolean;
  /** A custom tenant instead of Contoso. */
  seed?: TenantSeed;
  now?: () => number;
  /**
   * Where time comes from: now, latency, injected delays, the throttle's windows and the auto timeline (a test's
   * scaled clock, the same one the bot runs on); the wall clock by default. `now` still overrides its reading.
   */
  clock?: SimClock;
  /** Answer 401 when a Graph request has no bearer token, as Graph does (default true). */
  requireAuth?: boolean;
  /** Enforce Graph's documented per-service limits (default: SIMULATOR_THROTTLE, on unless "off"). */
  throttle?: boolean;
  /** Sign-in log ingestion lag in ms: entries appear this long after they happen (Graph: 2–5 min; default 0). */
  signInLagMs?: number;
}

export interface Simulator {
  url: string;
  baseUrl: string;
  certPath: string;
  port: number;
  tenant: Tenant;
  faults: Faults;
  calls: CallLog;
  timeline: Timeline;
  throttle: Throttle;
  /** The sign-in log behind GET /auditLogs/signIns: between(fromMs, toMs), freeze(at?), unfreeze(). */
  signIns: SignInLog;
  /** The clock it runs on (a test hands the same one to a second bot). */
  clock: SimClock;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;

export async function createSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const clock = options.clock ?? WALL_CLOCK;
  const now = options.now ?? (() => clock.now());
  const tls = ensureCertificate(options.tlsDir ?? process.env.SIMULATOR_TLS_DIR ?? './data/simulator-tls');
  const tenant = new Tenant(options.seed ?? buildContoso(now(), options.generatedUsers ?? 2000), now, options.pageSizes);
  tenant.signIns.lagMs = options.signInLagMs ?? 0;
  const faults = new Faults(options.latencyMs ?? 0);
  const calls = new CallLog();
  const timeline = new Timeline(tenant, CONTOSO.outageIssueId, undefined, clock);
  if (options.incidentOpen) timeline.advance();
  const throttle = new Throttle(options.throttle ?? throttleFromEnv(), now);
  const pipeline = createGraphPipeline({
    tenant,
    faults,
    calls,
    throttle,
    requireAuth: options.requireAuth ?? true,
    sleep: (ms) => sleepOn(clock, ms),
  });
  let url = '';

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const target = new URL(req.url ?? '/', 'https://localhost');
    const rawPath = (req.url ?? '/').split('?')[0];
    const rawQuery = target.search.slice(1);
    let body: unknown;
    try {
      body = await readJsonBody(req);
    } catch (err) {
      return send(res, errorResponse(toGraphError(err), newRequestId(), newRequestId()));
    }
    if (rawPath.startsWith('/_sim/')) {
      try {
        const result = handleControl(
          req.method ?? 'GET',
          rawPath,
          body,
          { tenant, faults, calls, timeline, throttle },
          target.searchParams,
        );
        return send(res, { status: result.status, headers: { 'Content-Type': 'application/json' }, body: result.body });
      } catch (err) {
        return send(res, errorResponse(toGraphError(err), newRequestId(), newRequestId()));
      }
    }
    const versioned = /^\/v1\.0(\/.*)?$/i.exec(rawPath);
    if (!versioned) {
      const id = newRequestId();
      return send(res, {
        ...errorResponse(new GraphHttpError(404, 'UnknownError', `Invalid version or path '${rawPath}'.`), id, id),
        headers: { 'Content-Type': GRAPH_CONTENT_TYPE, 'request-id': id },
      });
    }
    if (faults.latencyMs > 0) await sleepOn(clock, faults.latencyMs);
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
    const graphRequest: GraphRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      path: versioned[1] ?? '/',
      rawQuery,
      query: target.searchParams,
      headers,
      body,
      baseUrl: `${url}/v1.0`,
    };
    send(res, await pipeline.dispatch(graphRequest));
  }

  const server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) send(res, errorResponse(toGraphError(err), newRequestId(), newRequestId()));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  url = `https://localhost:${port}`;
  if (options.timeline === 'auto') timeline.startAuto(options.timelineSpeed ?? 1);

  return {
    url,
    baseUrl: `${url}/v1.0`,
    certPath: tls.certPath,
    port,
    tenant,
    faults,
    calls,
    timeline,
    throttle,
    signIns: tenant.signIns,
    clock,
    close: () =>
      new Promise<void>((resolve) => {
        timeline.stop();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** As strict as Graph unless SIMULATOR_THROTTLE=off (CPU benchmarks measure the bot, not Microsoft's limits). */
function throttleFromEnv(env = process.env): boolean {
  return (env.SIMULATOR_THROTTLE ?? 'on').toLowerCase() !== 'off';
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new GraphHttpError(413, 'RequestEntityTooLarge', 'The request body is too large.');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new GraphHttpError(
      400,
      'BadRequest',
      'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
    );
  }
}

function send(res: ServerResponse, r: { status: number; headers?: Record<string, string>; body?: unknown }) {
  const payload = r.body === undefined || r.status === 204 ? '' : JSON.stringify(r.body);
  res.writeHead(r.status, { ...(r.headers ?? {}), ...(payload ? { 'Content-Length': Buffer.byteLength(payload) } : {}) });
  res.end(payload);
}
