import { SqliteStore } from '../../src/storage/sqlite/sqlite-store';
import { describeStoreContract } from './store-contract';

// The store the fast tests use (test/helpers/fakes.ts): SQLite in memory, one connection, so no second handle.
describeStoreContract('SqliteStore in memory', async () => {
  const store = SqliteStore.open(':memory:');
  return { store, close: () => store.close() };
});
