import fc from 'fast-check';
import { TAP_STATUSES } from '../../src/domain/tap-request';
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
});
