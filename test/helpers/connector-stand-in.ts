import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the bot made to the Bot Connector. */
export interface ConnectorCall {
  method: string;
  path: string;
  conversationId: string;
  /** For replies and updates: the activity id in the URL. */
  activityId?: string;
  body: any;
  authorization?: string;
  /** The id this stand-in assigned (posts) or the id updated (puts). */
  id: string;
  status: number;
  /** When the stand-in received it (epoch ms). */
  at: number;
}

type Responder = (
  call: Omit<ConnectorCall, 'id' | 'status' | 'at'>,
) => { status: number; body?: unknown; headers?: Record<string, string> } | undefined;

/**
 * A local Bot Connector: answers the v3 conversation API the way Teams does and records every call,
 * so tests see exactly what the bot sent, where, and how often.
 */
export class ConnectorStandIn {
  readonly calls: ConnectorCall[] = [];
  private server = http.createServer((req, res) => this.handle(req, res));
  private responders: Responder[] = [];
  private seq = 0;
  url = '';

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections?.();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** Answer matching calls differently (429, 403 …) until the responder returns undefined. */
  respondWith(responder: Responder): () => void {
    this.responders.push(responder);
    return () => (this.responders = this.responders.filter((r) => r !== responder));
  }

  /**
   * From now on every message into these conversations gets what Teams answers for a user who blocked or
   * uninstalled the bot: 403 with subCode MessageWritesBlocked ("Thread is blocked from message writes.").
   */
  block(conversationIds: Iterable<string>): () => void {
    const blocked = new Set(conversationIds);
    return this.respondWith((c) =>
      c.method === 'POST' && blocked.has(c.conversationId)
        ? {
            status: 403,
            body: { error: { code: 'Forbidden', subCode: 'MessageWritesBlocked', message: 'Thread is blocked from message writes.' } },
          }
        : undefined,
    );
  }

  /** Messages (not typing) sent into a conversation, optionally only replies to one activity. */
  messages(filter: { conversationId?: string; replyToId?: string } = {}): ConnectorCall[] {
    return this.calls.filter(
      (c) =>
        c.status < 300 &&
        c.body?.type === 'message' &&
        (!filter.conversationId || c.conversationId === filter.conversationId) &&
        (!filter.replyToId || c.activityId === filter.replyToId || c.body?.replyToId === filter.replyToId),
    );
  }

  async waitFor(predicate: (calls: ConnectorCall[]) => boolean, timeoutMs = 10_000): Promise<void> {
    const start = Date.now();
    while (!predicate(this.calls)) {
      if (Date.now() - start > timeoutMs)
        throw new Error(
          `connector stand-in: condition not met in ${timeoutMs} ms; calls: ${JSON.stringify(this.calls.map((c) => [c.method, c.path, c.status]))}`,
        );
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: any;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = raw;
      }
      const path = (req.url ?? '').split('?')[0];
      const m = /^\/v3\/conversations(?:\/([^/]+)(?:\/activities(?:\/([^/]+))?)?)?\/?$/.exec(path);
      const base = {
        method: req.method ?? 'GET',
        path,
        conversationId: m?.[1] ? decodeURIComponent(m[1]) : '',
        activityId: m?.[2] ? decodeURIComponent(m[2]) : undefined,
        body,
        authorization: req.headers.authorization,
      };
      for (const responder of this.responders) {
        const custom = responder(base);
        if (custom) {
          this.calls.push({ ...base, id: '', status: custom.status, at: Date.now() });
          res.writeHead(custom.status, { 'content-type': 'application/json', ...custom.headers });
          res.end(custom.body === undefined ? '' : JSON.stringify(custom.body));
          return;
        }
      }
      const id = base.method === 'PUT' && base.activityId ? base.activityId : `act-${++this.seq}`;
      let reply: unknown = { id };
      if (base.method === 'POST' && !m?.[1]) {
        // createConversation: a 1:1 chat, or a new channel thread "<channel>;messageid=<root>".
        const channel = body?.channelData?.channel?.id;
        const conversationId = channel ? `${channel};messageid=${id}` : `a:conv-${id}`;
        reply = { id: conversationId, activityId: id };
        base.conversationId = conversationId;
      }
      if (!m) {
        this.calls.push({ ...base, id: '', status: 404, at: Date.now() });
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'NotFound', message: 'unknown path' } }));
        return;
      }
      this.calls.push({ ...base, id, status: base.method === 'POST' && !m[1] ? 201 : 200, at: Date.now() });
      res.writeHead(base.method === 'POST' && !m[1] ? 201 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply));
    });
  }
}
