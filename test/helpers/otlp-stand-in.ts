import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** An OTLP/HTTP JSON attribute list as plain values. */
type Attributes = Record<string, string | number | boolean>;

export interface ExportedSpan {
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes: Attributes;
  events: Array<{ name: string; attributes: Attributes }>;
  status?: { code?: number };
  resource: Attributes;
}

export interface ExportedPoint {
  metric: string;
  type: 'sum' | 'gauge' | 'histogram';
  attributes: Attributes;
  /** The value of a sum or gauge point; a histogram point's count. */
  value: number;
}

export interface OtlpPost {
  path: string;
  contentType: string;
  /** The body as received (after gzip, if any): what the PII checks read. */
  text: string;
  body: any;
}

/**
 * A local stand-in for an OpenTelemetry collector: a plain HTTP server on 127.0.0.1 that records every POST
 * to /v1/traces and /v1/metrics (OTLP/HTTP with JSON bodies, as the bot sends them) and answers 200.
 */
export class OtlpStandIn {
  readonly posts: OtlpPost[] = [];
  private server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        const text = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
        const path = (req.url ?? '').split('?')[0];
        if (req.method !== 'POST' || (path !== '/v1/traces' && path !== '/v1/metrics')) {
          res.statusCode = 404;
          res.end();
          return;
        }
        const contentType = String(req.headers['content-type'] ?? '');
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined; // recorded anyway: a test asserting on spans then fails, naming what came in
        }
        this.posts.push({ path, contentType, text, body });
        // Statements apart: restify (loaded in the same process) replaces writeHead with one that returns nothing.
        res.statusCode = 200;
        res.setHeader('content-type', 'application/json');
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Every exported byte, for "never exported" checks. */
  allText(): string {
    return this.posts.map((p) => p.text).join('\n');
  }

  spans(): ExportedSpan[] {
    const out: ExportedSpan[] = [];
    for (const post of this.posts.filter((p) => p.path === '/v1/traces'))
      for (const rs of post.body?.resourceSpans ?? [])
        for (const ss of rs.scopeSpans ?? [])
          for (const s of ss.spans ?? [])
            out.push({
              name: s.name,
              kind: s.kind,
              traceId: s.traceId,
              spanId: s.spanId,
              parentSpanId: s.parentSpanId || undefined,
              attributes: attributesOf(s.attributes),
              events: (s.events ?? []).map((e: any) => ({ name: e.name, attributes: attributesOf(e.attributes) })),
              status: s.status,
              resource: attributesOf(rs.resource?.attributes),
            });
    return out;
  }

  points(): ExportedPoint[] {
    const out: ExportedPoint[] = [];
    for (const post of this.posts.filter((p) => p.path === '/v1/metrics'))
      for (const rm of post.body?.resourceMetrics ?? [])
        for (const sm of rm.scopeMetrics ?? [])
          for (const m of sm.metrics ?? []) {
            const [type, data]: [ExportedPoint['type'], any] = m.sum
              ? ['sum', m.sum]
              : m.gauge
                ? ['gauge', m.gauge]
                : ['histogram', m.histogram];
            for (const p of data?.dataPoints ?? [])
              out.push({
                metric: m.name,
                type,
                attributes: attributesOf(p.attributes),
                value: Number(type === 'histogram' ? p.count : (p.asInt ?? p.asDouble ?? 0)),
              });
          }
    return out;
  }

  /** Polls until `predicate` holds (exports arrive on the SDK's own schedule). */
  async waitFor(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > until) throw new Error(`OTLP stand-in: ${what} not exported within ${timeoutMs} ms (${this.posts.length} posts)`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

function attributesOf(list: Array<{ key: string; value: Record<string, unknown> }> | undefined): Attributes {
  const out: Attributes = {};
  for (const { key, value } of list ?? []) {
    if ('stringValue' in value) out[key] = String(value.stringValue);
    else if ('intValue' in value) out[key] = Number(value.intValue);
    else if ('doubleValue' in value) out[key] = Number(value.doubleValue);
    else if ('boolValue' in value) out[key] = Boolean(value.boolValue);
    else out[key] = JSON.stringify(value);
  }
  return out;
}
