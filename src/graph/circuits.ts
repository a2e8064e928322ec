import { systemClock, type Clock } from '../core/clock';

/**
 * One circuit per Graph area. After repeated failures (no answer, or a 5xx) an area's circuit opens:
 * requests to it fail at once instead of each waiting out timeouts and retries, so commands can answer
 * from what the bot last saw. After a cool-down one request is let through as a probe; its success
 * closes the circuit, its failure opens it again for longer.
 */
export type GraphArea = 'directory' | 'authentication methods' | 'reports' | 'policies' | 'service health' | 'teams';

export const GRAPH_AREAS: GraphArea[] = ['directory', 'authentication methods', 'reports', 'policies', 'service health', 'teams'];

export function areaOf(path: string): GraphArea {
  const p = path
    .split('?')[0]
    .replace(/^https?:\/\/[^/]+/i, '')
    .replace(/^\/(v1\.0|beta)(?=\/)/i, '');
  if (/^\/users\/[^/]+\/authentication(\/|$)/i.test(p)) return 'authentication methods';
  if (/^\/(reports|auditLogs)(\/|$)/i.test(p)) return 'reports';
  if (/^\/(identity|identityProtection|policies)(\/|$)/i.test(p)) return 'policies';
  if (/^\/admin\/serviceAnnouncement(\/|$)/i.test(p)) return 'service health';
  if (/^\/(users\/[^/]+\/teamwork|chats|appCatalogs|teams)(\/|$)/i.test(p)) return 'teams';
  return 'directory';
}

export interface AreaState {
  area: GraphArea;
  /** ok: answering; failing: recent failures, still tried; open: not tried until the next probe. */
  state: 'ok' | 'failing' | 'open';
  /** When the current run of failures began (ISO). */
  failingSince?: string;
  /** When a probe may next go out, while open (ISO). */
  nextProbeAt?: string;
  lastError?: string;
}

export interface CircuitOptions {
  /** Failures in a row that open the circuit. */
  failuresToOpen: number;
  /** First cool-down; doubles after each failed probe, up to maxOpenMs. */
  openMs: number;
  maxOpenMs: number;
}

interface Circuit {
  failures: number;
  failingSince?: number;
  openUntil?: number;
  openMs: number;
  probing: boolean;
  lastError?: string;
}

const DEFAULTS: CircuitOptions = { failuresToOpen: 3, openMs: 10_000, maxOpenMs: 60_000 };

export class Circuits {
  private readonly circuits = new Map<GraphArea, Circuit>();
  private readonly options: CircuitOptions;

  constructor(
    private readonly clock: Pick<Clock, 'now'> = systemClock,
    options: Partial<CircuitOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    for (const a of GRAPH_AREAS) this.circuits.set(a, { failures: 0, openMs: this.options.openMs, probing: false });
  }

  /**
   * Whether a request to `area` may go: yes while closed; while open, only one probe after the cool-down
   * (`'probe'`); otherwise the moment the circuit opened, for the caller's sentence.
   */
  admit(area: GraphArea): 'go' | 'probe' | { openSince: number } {
    const c = this.circuits.get(area)!;
    if (c.openUntil === undefined) return 'go';
    if (!c.probing && this.clock.now() >= c.openUntil) {
      c.probing = true;
      return 'probe';
    }
    return { openSince: c.failingSince ?? this.clock.now() };
  }

  succeeded(area: GraphArea): void {
    const c = this.circuits.get(area)!;
    Object.assign(c, {
      failures: 0,
      failingSince: undefined,
      openUntil: undefined,
      openMs: this.options.openMs,
      probing: false,
      lastError: undefined,
    });
  }

  /** A failure that says Graph is unwell (no answer, 5xx); a 4xx or a 429 is an answer, and doesn't count. */
  failed(area: GraphArea, error: string): void {
    const c = this.circuits.get(area)!;
    const now = this.clock.now();
    c.failures++;
    c.failingSince ??= now;
    c.lastError = error;
    if (c.probing) {
      c.probing = false;
      c.openMs = Math.min(this.options.maxOpenMs, c.openMs * 2);
      c.openUntil = now + c.openMs;
    } else if (c.openUntil === undefined && c.failures >= this.options.failuresToOpen) {
      c.openUntil = now + c.openMs;
    }
  }

  /** A probe that ended without an answer either way (its caller gave up): let the next one go. */
  released(area: GraphArea): void {
    this.circuits.get(area)!.probing = false;
  }

  /** Forgets every failure: all areas closed (an operator's or a test's fresh start). */
  reset(): void {
    for (const a of GRAPH_AREAS) this.succeeded(a);
  }

  isOpen(area: GraphArea): boolean {
    return this.circuits.get(area)!.openUntil !== undefined;
  }

  /** Areas due for a background probe: open, cool-down over, nobody probing. */
  due(): GraphArea[] {
    const now = this.clock.now();
    return GRAPH_AREAS.filter((a) => {
      const c = this.circuits.get(a)!;
      return c.openUntil !== undefined && !c.probing && now >= c.openUntil;
    });
  }

  states(): AreaState[] {
    return GRAPH_AREAS.map((area) => {
      const c = this.circuits.get(area)!;
      const state: AreaState['state'] = c.openUntil !== undefined ? 'open' : c.failures > 0 ? 'failing' : 'ok';
      return {
        area,
        state,
        ...(c.failingSince !== undefined ? { failingSince: new Date(c.failingSince).toISOString() } : {}),
        ...(c.openUntil !== undefined ? { nextProbeAt: new Date(c.openUntil).toISOString() } : {}),
        ...(c.lastError ? { lastError: c.lastError } : {}),
      };
    });
  }
}
