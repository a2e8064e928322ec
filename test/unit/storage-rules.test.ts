import fc from 'fast-check';
import { TAP_STATUSES } from '../../src/domain/tap-request';
import { OUTBOX_STATES } from '../../src/ports/outbox-store';
import { laneBacklogOf, tallyBacklog } from '../../src/storage/rules/outbox-backlog-rule';
import { isClaimable } from '../../src/storage/rules/outbox-claim-rule';
import { isTapDue, TAP_DUE_STATUSES } from '../../src/storage/rules/tap-due-rule';

const instant = fc.integer({ min: 0, max: 10_000 });

// The contract suite runs the rules through every backend; these are the promises the backends' narrowing relies on.
describe('storage rules', () => {
  it('finds a TAP request due only in a status SQLite reads, and only once one of its instants has come', () => {
    const facts = fc.record({
      status: fc.constantFrom(...TAP_STATUSES),
      expiresAt: instant,
      nextTryAt: fc.option(instant, { nil: undefined }),
      decidedAt: fc.option(instant, { nil: undefined }),
    });
    fc.assert(
      fc.property(facts, instant, instant, (r, now, stuckBefore) => {
        if (!isTapDue(r, now, stuckBefore)) return;
        expect(TAP_DUE_STATUSES).toContain(r.status);
        expect(r.expiresAt <= now || (r.nextTryAt ?? Infinity) <= now || (r.decidedAt ?? Infinity) <= stuckBefore).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('lets any holder claim an outbox item it would offer to anyone', () => {
    const item = fc.record({
      state: fc.constantFrom(...OUTBOX_STATES),
      notBefore: instant,
      claim: fc.option(fc.record({ holder: fc.constantFrom('a', 'b'), until: instant }), { nil: undefined }),
    });
    fc.assert(
      fc.property(item, instant, fc.constantFrom('a', 'b', 'c'), (i, now, holder) => {
        if (isClaimable(i, now)) expect(isClaimable(i, now, holder)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('counts items in paused lanes apart from the backlog and its age', () => {
    expect(tallyBacklog([laneBacklogOf(false, [30, 20]), laneBacklogOf(true, [5, 6, 7]), laneBacklogOf(false, [])])).toEqual({
      queued: 2,
      oldestQueuedAt: 20,
      paused: 3,
    });
    expect(tallyBacklog([laneBacklogOf(true, [5])])).toEqual({ queued: 0, paused: 1 });
  });
});
