import type { Store } from '../../src/ports/store';
import type { ContractContext } from './context';
import { describeExportLinkContract } from './export-link-contract';
import { describeIsolationContract } from './isolation-contract';
import { describeIssueStateContract } from './issue-state-contract';
import { describeLeaseContract } from './lease-contract';
import { describeOutboxContract } from './outbox-contract';
import { describePeopleContract } from './people-contract';
import { describeProgressContract } from './progress-contract';
import { describeSubscriptionActivityContract } from './subscription-activity-contract';
import { describeSubscriptionContract } from './subscription-contract';
import { describeTapRequestContract } from './tap-request-contract';
import { describeTapTrailContract } from './tap-trail-contract';
import { describeSnapshotContract } from './snapshot-contract';
import { describeInstanceContract } from './instance-contract';
import { describeServiceLeaseContract, describeServiceLeaseExpiry } from './service-lease-contract';
import { describeCampaignContract } from './campaign-contract';

export interface StoreUnderTest {
  store: Store;
  /** A second handle on the same data, when the backend has one (SQLite: a second connection to the same file). */
  second?: () => Promise<Store>;
  /** Called after the suite has closed the store and every second handle it opened. */
  close(): Promise<void>;
}

export interface ContractOptions {
  /**
   * Whose clock ends a lease. `caller` (SQLite): the `now` passed in, so the tests step time. `service`
   * (Table Storage's blob leases): the storage service's, in 15–60 s leases, so the tests wait for real.
   */
  leases?: 'caller-clock' | 'service-clock';
}

/**
 * The behaviour every Store backend must have, stated only through the ports, so any backend (SQLite on a
 * file or in memory, Azure Table Storage) runs the same suite. `open` gives a fresh, empty store for each test.
 */
export function describeStoreContract(name: string, open: () => Promise<StoreUnderTest>, options: ContractOptions = {}): void {
  describe(name, () => {
    let current: StoreUnderTest | undefined;
    let second: Store | undefined;

    const ctx: ContractContext = {
      store: () => {
        if (!current) throw new Error('the store is only open inside a test');
        return current.store;
      },
      pair: async () => {
        const first = ctx.store();
        if (current?.second && !second) second = await current.second();
        return [first, second ?? first];
      },
      race: async (n, call) => {
        const handles = [...new Set(await ctx.pair())];
        return Promise.all(Array.from({ length: n }, (_, i) => call(handles[i % handles.length], i)));
      },
      apart: async () => {
        const own = await open();
        const second = own.second ? await own.second() : own.store;
        return {
          pair: [own.store, second],
          close: async () => {
            if (second !== own.store) await second.close();
            await own.store.close();
            await own.close();
          },
        };
      },
    };

    beforeEach(async () => {
      current = await open();
    });

    afterEach(async () => {
      await second?.close();
      await current?.store.close();
      await current?.close();
      second = current = undefined;
    });

    it('answers ping while open', async () => {
      expect(await ctx.store().ping()).toBe(true);
    });

    it('can be closed more than once', async () => {
      await ctx.store().close();
      await expect(ctx.store().close()).resolves.toBeUndefined();
    });

    if (options.leases === 'service-clock') describeServiceLeaseContract(ctx);
    else describeLeaseContract(ctx);
    describeSubscriptionContract(ctx);
    describeSubscriptionActivityContract(ctx);
    describeIssueStateContract(ctx);
    describeProgressContract(ctx);
    describeTapRequestContract(ctx);
    describeTapTrailContract(ctx);
    describeSnapshotContract(ctx);
    describeInstanceContract(ctx);
    describePeopleContract(ctx);
    describeExportLinkContract(ctx);
    describeOutboxContract(ctx);
    describeCampaignContract(ctx);
    describeIsolationContract(ctx);
    if (options.leases === 'service-clock') describeServiceLeaseExpiry(ctx);
  });
}
