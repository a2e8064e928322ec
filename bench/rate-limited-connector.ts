import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { TENANT_WINDOWS, THREAD_WINDOWS, type Window } from '../src/delivery/rate-limiter';

export interface RecordedCall {
  at: number;
  method: string;
  /** The channel the call was for (create: channelData.channel.id; thread calls: the part before ;messageid=). */
  channel: string;
  kind: 'thread' | 'reply' | 'update' | 'other';
  status: number;
  /** The request body, kept only for the conversations the bench asked for (keepBody). */
  body?: any;
}

/**
 * A Bot Connector that enforces Teams' documented limits the way the service does: every accepted call
 * counts against 50/s per app per tenant and the per-thread windows; a call over any of them gets
 * 429 with Retry-After and is not processed.
 */
export async function startRateLimitedConnector(opts: { keepBody?: (channel: string) => boolean } = {}) {
  const calls: RecordedCall[] = [];
  const accepted = new Map<string, number[]>();
  let seq = 0;
  const over = (key: string, windows: Window[], now: number) => {
    const times = accepted.get(key) ?? [];
    return windows.some((w) => times.filter((t) => t > now - w.spanMs).length >= w.limit);
  };
  const count = (key: string, now: number) => {
    const times = accepted.get(key) ?? [];
    times.push(now);
    while (times.length && times[0] <= now - 3_600_000) times.shift();
    accepted.set(key, times.length > 2000 ? times.slice(-2000) : times);
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const now = Date.now();
      const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
      const path = (req.url ?? '').split('?')[0];
      const m = /^\/v3\/conversations(?:\/([^/]+)(?:\/activities(?:\/([^/]+))?)?)?\/?$/.exec(path);
      const conversation = m?.[1] ? decodeURIComponent(m[1]) : '';
      const create = req.method === 'POST' && m && !m[1];
      const channel = create ? String(body?.channelData?.channel?.id ?? '') : conversation.split(';messageid=')[0];
      const kind: RecordedCall['kind'] = create
        ? 'thread'
        : req.method === 'PUT'
          ? 'update'
          : req.method === 'POST' && m?.[1]
            ? 'reply'
            : 'other';
      // The 1,800/hour thread window is tracked over the last 2,000 calls only; a bench never gets near it.
      const tooMany = over('tenant', TENANT_WINDOWS, now) || over(`thread:${channel}`, THREAD_WINDOWS.slice(0, 3), now);
      const answer = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        calls.push({ at: now, method: req.method ?? '', channel, kind, status, ...(opts.keepBody?.(channel) ? { body } : {}) });
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(payload));
      };
      if (tooMany) return answer(429, { error: { code: 'Throttled', message: 'Too many requests' } }, { 'retry-after': '1' });
      count('tenant', now);
      count(`thread:${channel}`, now);
      const id = `act-${++seq}`;
      if (create) return answer(201, { id: `${channel};messageid=${id}`, activityId: id });
      answer(200, { id: req.method === 'PUT' && m?.[2] ? decodeURIComponent(m[2]) : id });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    calls,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections?.();
        server.close(() => r());
      }),
  };
}
