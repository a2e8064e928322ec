import type { Clock } from '../core/clock';
import { GraphFailure } from '../domain/errors';
import { areaOf, type Circuits, type GraphArea } from './circuits';
import { graphMessages } from './graph-messages';
import type { GraphRequest } from './graph-request';

/**
 * The gateway's side of the circuits: a request to an area whose circuit is open fails at once, each answer (or
 * its absence) is counted against its area, and while a circuit is open the area's last read goes again now and
 * then in the background, so Graph's recovery is noticed without waiting for someone to ask.
 */
export class CircuitGuard {
  /** The last read of each area: what a background probe sends again to learn that Graph is back. */
  private readonly lastRead = new Map<GraphArea, GraphRequest>();
  private probeTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly circuits: Circuits,
    private readonly clock: Clock,
  ) {}

  /** An open circuit fails the request at once, naming when Graph started failing. */
  admit(area: GraphArea, part: string): 'go' | 'probe' {
    const verdict = this.circuits.admit(area);
    if (typeof verdict === 'object') {
      throw new GraphFailure('GRAPH_UNAVAILABLE', part, undefined, 'CircuitOpen', graphMessages.failingSince(part, verdict.openSince));
    }
    return verdict;
  }

  /** Graph answering at all (a 4xx, a 429) closes the circuit; no answer or a 5xx counts against it. */
  observe(area: GraphArea, status: number | undefined, error: unknown): void {
    if (status !== undefined && status < 500) this.circuits.succeeded(area);
    else this.circuits.failed(area, status === undefined ? errorName(error) : `HTTP ${status}`);
  }

  /** Keeps a read as its area's probe; writes are never sent again unasked. */
  remember(req: GraphRequest): void {
    if ((req.method ?? 'GET') !== 'GET') return;
    this.lastRead.set(areaOf(req.path), { part: req.part, path: req.path, query: req.query, headers: req.headers });
  }

  /** While an area's circuit is open, `resend` its last read every `everyMs` once the cool-down is over, until Graph answers. */
  startProbes(everyMs: number, resend: (read: GraphRequest) => Promise<unknown>): void {
    this.probeTimer ??= this.clock.setInterval(() => {
      for (const area of this.circuits.due()) {
        const read = this.lastRead.get(area);
        if (read) void resend(read).catch(() => undefined);
      }
    }, everyMs);
    this.probeTimer.unref();
  }

  stopProbes(): void {
    this.clock.clearInterval(this.probeTimer);
    this.probeTimer = undefined;
  }
}

function errorName(error: unknown): string {
  const e = error as { name?: string; body?: { type?: string; message?: string } } | undefined;
  return e?.body?.message ? `no answer (${e.body.message})` : 'no answer';
}
