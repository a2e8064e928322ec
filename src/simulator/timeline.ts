import { OUTAGE_STEPS, type OutageStep } from './seed/outage';
import type { Tenant } from './tenant';
import { WALL_CLOCK, type SimClock } from './sim-clock';
import type { ServiceHealthIssue } from './sim-types';

export interface TimelineStepInfo {
  index: number;
  status: string;
  applied: boolean;
}

const FIRST_STEP_MS = 20_000;
const STEP_INTERVAL_MS = 60_000;

/** Replays the seed outage: manually via advance(), or on a timer in 'auto' mode. */
export class Timeline {
  private position = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly tenant: Tenant,
    readonly issueId: string,
    private readonly definition: OutageStep[] = OUTAGE_STEPS,
    private readonly clock: SimClock = WALL_CLOCK,
  ) {}

  get steps(): TimelineStepInfo[] {
    return this.definition.map((s, index) => ({ index: index + 1, status: s.status, applied: index < this.position }));
  }

  /** Number of steps applied so far (0 = outage not opened). */
  get applied(): number {
    return this.position;
  }

  get done(): boolean {
    return this.position >= this.definition.length;
  }

  /** Applies the next step and returns the issue, or undefined once the timeline is finished. */
  advance(): ServiceHealthIssue | undefined {
    const step = this.definition[this.position];
    if (!step) return undefined;
    this.position++;
    return step.apply(this.tenant, this.issueId);
  }

  /** Step 1 at ~20 s, then every ~60 s, both divided by `speed`. */
  startAuto(speed = 1): void {
    this.stop();
    const factor = speed > 0 ? speed : 1;
    const schedule = (delay: number) => {
      this.timer = this.clock.setTimeout(() => {
        this.advance();
        if (!this.done) schedule(STEP_INTERVAL_MS / factor);
      }, delay);
      this.timer.unref();
    };
    if (!this.done) schedule((this.position === 0 ? FIRST_STEP_MS : STEP_INTERVAL_MS) / factor);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  toJSON() {
    return { issueId: this.issueId, applied: this.position, done: this.done, steps: this.steps };
  }
}
