import { ImpactTally, type ImpactResult, type ImpactWindow, type SignInRow } from './sign-in-impact';
import type { SignIns } from '../../ports/sign-ins';

/** How far the reading got, for the progress message (with an estimate of what is left). */
export interface ImpactProgress {
  codesRead: number;
  codes: number;
  failures: number;
  phase: 'failures' | 'successes' | 'per-user';
  /** Requests still expected, for the ETA. */
  requestsLeft: number;
}

export interface ImpactRead {
  result: ImpactResult;
  requests: number;
  /** Successes were checked user by user (fewer requests than paging the whole success log). */
  perUser: boolean;
}

const at = (r: SignInRow) => Date.parse(r.createdDateTime);
/** Reads in flight at once: enough to overlap round trips, few enough that a failure leaves little queued. */
const READERS = 3;

/** Runs `work` over `items`, at most `size` at once; the first failure stops what has not started and is thrown. */
async function inPool<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const item = items[next++];
      try {
        await work(item);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}

/**
 * Reads what `impact` needs and no more: every failure with a lockout code in the window (one query per
 * code, as Graph filters one errorCode at a time), then successes newest first only as far back as the
 * earliest failure still unexplained. When the success log would take more pages than there are people
 * left to check, each of them is asked about directly instead (one request each, `$top=1`).
 */
export async function readImpact(
  signIns: SignIns,
  window: ImpactWindow,
  codes: number[],
  onProgress: (p: ImpactProgress) => void = () => undefined,
): Promise<ImpactRead> {
  const tally = new ImpactTally();
  let requests = 0;
  let codesRead = 0;
  let failures = 0;
  const report = (phase: ImpactProgress['phase'], requestsLeft: number) =>
    onProgress({ codesRead, codes: codes.length, failures, phase, requestsLeft });

  // A few codes at a time: the reports bucket paces them anyway, a page's round trip overlaps the next one's,
  // and a failure stops the codes not yet started (reads left queued would spend the bucket everyone shares
  // on an answer nobody will see).
  await inPool(codes, READERS, async (errorCode) => {
    for await (const page of signIns.pages({ from: window.from, to: window.to, errorCode })) {
      requests++;
      failures += page.length;
      tally.addFailures(page);
      report('failures', codes.length - codesRead);
    }
    codesRead++;
    report('failures', codes.length - codesRead + 1);
  });

  let perUser = false;
  const since = tally.earliestOpenFailure();
  if (since !== undefined) {
    let oldestSeen = window.to;
    let pagesRead = 0;
    for await (const page of signIns.pages({ from: since, to: window.to, errorCode: 0 })) {
      requests++;
      pagesRead++;
      tally.addSuccesses(page);
      if (page.length) oldestSeen = Math.min(oldestSeen, at(page[page.length - 1]));
      const open = tally.earliestOpenFailure();
      if (open === undefined || oldestSeen <= open) break;
      // Pages so far cover (to - oldestSeen); the rest of the way back to `open` takes about as many per ms.
      const pagesLeft = Math.ceil(((oldestSeen - open) / Math.max(1, window.to - oldestSeen)) * pagesRead);
      const people = tally.unsettled().filter((u) => u.lastFailureAt < oldestSeen).length;
      report('successes', Math.min(pagesLeft, people));
      if (people < pagesLeft) {
        perUser = true;
        break;
      }
    }
    if (perUser) {
      // Only those whose latest failure is older than what the success pages already covered.
      const left = tally.unsettled().filter((u) => u.lastFailureAt < oldestSeen);
      let remaining = left.length;
      await inPool(left, READERS, async (u) => {
        for await (const page of signIns.pages({ from: u.lastFailureAt + 1, to: oldestSeen, errorCode: 0, userId: u.id, top: 1 })) {
          requests++;
          tally.addSuccesses(page);
          break;
        }
        report('per-user', --remaining);
      });
    }
  }
  return { result: tally.result(), requests, perUser };
}
