/** Fault injection: matched before routing, per request (and per $batch item). */
export interface FaultSpec {
  method?: string;
  /** RegExp tested against the path below /v1.0 (e.g. /users/x/manager); a string must equal it (with or without /v1.0). */
  path: RegExp | string;
  /** HTTP status to answer with; omit to only add delayMs. */
  status?: number;
  /** How many matching requests to affect; infinite by default. */
  times?: number;
  retryAfterSeconds?: number;
  code?: string;
  message?: string;
  delayMs?: number;
  /** Let this many matching requests through first (e.g. fail the third page of a collection). */
  after?: number;
}

export interface FaultHandle {
  remove(): void;
  readonly remaining: number;
}

interface ActiveFault {
  spec: FaultSpec;
  remaining: number;
  passed?: number;
}

export class Faults {
  private active: ActiveFault[] = [];
  private isDown = false;
  latencyMs: number;

  constructor(latencyMs = 0) {
    this.latencyMs = latencyMs;
  }

  add(spec: FaultSpec): FaultHandle {
    const fault: ActiveFault = { spec, remaining: spec.times ?? Infinity };
    this.active.push(fault);
    return {
      remove: () => {
        this.active = this.active.filter((f) => f !== fault);
      },
      get remaining() {
        return fault.remaining;
      },
    };
  }

  clear(): void {
    this.active = [];
  }

  setLatency(ms: number): void {
    this.latencyMs = Math.max(0, ms);
  }

  /** Every Graph route answers 503 ServiceUnavailable with Retry-After until up(). */
  down(): void {
    this.isDown = true;
  }

  up(): void {
    this.isDown = false;
  }

  get isServiceDown(): boolean {
    return this.isDown;
  }

  /** The first matching fault, counting down its `times`. */
  take(method: string, path: string): FaultSpec | undefined {
    let decoded = path;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      /* keep raw */
    }
    const fault = this.active.find((f) => f.remaining > 0 && matches(f.spec, method, path, decoded));
    if (!fault) return undefined;
    if ((fault.passed ?? 0) < (fault.spec.after ?? 0)) {
      fault.passed = (fault.passed ?? 0) + 1;
      return undefined;
    }
    fault.remaining--;
    if (fault.remaining <= 0) this.active = this.active.filter((f) => f !== fault);
    return fault.spec;
  }

  list(): { spec: FaultSpec; remaining: number }[] {
    return this.active.map((f) => ({ spec: f.spec, remaining: f.remaining }));
  }
}

function matches(spec: FaultSpec, method: string, path: string, decoded: string): boolean {
  if (spec.method && spec.method.toUpperCase() !== method.toUpperCase()) return false;
  if (spec.path instanceof RegExp) {
    spec.path.lastIndex = 0;
    if (spec.path.test(path)) return true;
    spec.path.lastIndex = 0;
    return spec.path.test(decoded);
  }
  const wanted = spec.path.replace(/^\/v1\.0(?=\/)/i, '');
  return [path, decoded].some((p) => p.toLowerCase() === wanted.toLowerCase());
}
