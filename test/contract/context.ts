import type { Store } from '../../src/ports/store';

/** What each part of the contract gets: the store under test, fresh and empty for every test. */
export interface ContractContext {
  store(): Store;
  /**
   * Two handles on the same data: the store and a second handle when the backend has one, else the store
   * twice. Tests with two actors (two bot instances) give each its own handle.
   */
  pair(): Promise<[Store, Store]>;
  /** Starts `n` callers at once, spread over every handle, and returns their answers in order. */
  race<T>(n: number, call: (store: Store, i: number) => Promise<T>): Promise<T[]>;
  /**
   * Two handles (as `pair`) on a fresh, empty store of their own, closed by the caller: for a slow test that runs
   * beside the others (`it.concurrent`), which gets no store from the suite.
   */
  apart(): Promise<{ pair: [Store, Store]; close(): Promise<void> }>;
}
