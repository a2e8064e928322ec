import type { GraphRequest } from './graph-request';

/**
 * Identical GETs in flight share one request: two agents looking up the same person at once cost Graph one call
 * (and one throttling slot). Writes always go as often as they are asked for.
 */
export class IdenticalReads {
  private readonly inFlight = new Map<string, Promise<unknown>>();

  share<T>(req: GraphRequest, send: () => Promise<T>): Promise<T> {
    if ((req.method ?? 'GET') !== 'GET') return send();
    // slotWaitMs is part of the key: a read that may give up early must not be handed one that waits, or the reverse.
    const key = JSON.stringify([req.path, req.query ?? {}, req.headers ?? {}, req.slotWaitMs ?? null]);
    const shared = this.inFlight.get(key);
    if (shared) return shared as Promise<T>;
    const p = send().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, p);
    return p;
  }
}
