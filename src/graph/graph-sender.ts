import type { Client } from '@microsoft/microsoft-graph-client';
import type { Clock } from '../core/clock';
import type { GraphRequest } from './graph-request';

/** One HTTP round trip to Graph through the SDK client, cut off on the injected clock. */
export class GraphSender {
  /** Round trips sent (a $batch counts once). */
  requestCount = 0;

  constructor(
    private readonly client: Client,
    private readonly clock: Clock,
    private readonly attemptTimeoutMs: number,
  ) {}

  /** Gives up after the attempt timeout, or at the call's deadline if that comes first (never less than 1 ms). */
  async send<T>(req: GraphRequest, deadline: number): Promise<T> {
    const timeoutMs = Math.max(1, Math.min(this.attemptTimeoutMs, deadline - this.clock.now()));
    this.requestCount++;
    let call = this.client.api(req.path).option('signal', this.clock.timeout(timeoutMs));
    if (req.headers) call = call.headers(req.headers);
    if (req.query) {
      const q: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.query)) if (v !== undefined) q[k] = encodeURIComponent(String(v));
      call = call.query(q);
    }
    switch (req.method ?? 'GET') {
      case 'POST':
        return (await call.post(req.body ?? {})) as T;
      case 'PATCH':
        return (await call.patch(req.body ?? {})) as T;
      case 'DELETE':
        return (await call.delete()) as T;
      default:
        return (await call.get()) as T;
    }
  }
}
