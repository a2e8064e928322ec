import type { Clock } from '../core/clock';
import type { GraphPriority } from '../core/graph-priority';
import { GraphFailure } from '../domain/errors';
import type { Logger } from '../logger';
import { describeFailure } from './graph-outcomes';
import { BudgetTimeout, type RequestBudget, type Settle } from './request-budget';
import { DEADLINE_MARGIN_MS } from './retry-policy';

/**
 * Books each request a slot in its throttling bucket before it goes. No slot before the call's deadline (or the
 * request's own `slotWaitMs`) is, for the caller, Graph throttling us: it fails as a 429 would.
 */
export class ThrottlingSlots {
  constructor(
    private readonly budget: RequestBudget,
    private readonly logger: Logger,
    private readonly clock: Pick<Clock, 'now'>,
  ) {}

  async book(
    req: { part: string; slotWaitMs?: number },
    bucket: string | undefined,
    priority: GraphPriority,
    deadline: number,
  ): Promise<Settle> {
    const maxWaitMs = Math.min(deadline - this.clock.now() - DEADLINE_MARGIN_MS, req.slotWaitMs ?? Number.POSITIVE_INFINITY);
    try {
      return await this.budget.book(bucket, priority, maxWaitMs);
    } catch (e) {
      if (!(e instanceof BudgetTimeout)) throw e;
      this.logger.debug({ part: req.part, bucket }, 'no Graph throttling slot in time');
      const [code, sentence] = describeFailure(429, req.part);
      throw new GraphFailure(code, req.part, 429, 'BudgetTimeout', sentence, { cause: e });
    }
  }
}
