import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../src/storage/sqlite/sqlite-store';
import { describeStoreContract } from './store-contract';

// A real file, not :memory:, so the second handle is a second connection to the same database.
describeStoreContract('SqliteStore', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'store-contract-'));
  const file = join(dir, 'bot.db');
  const store = SqliteStore.open(file);
  return {
    store,
    second: async () => SqliteStore.open(file),
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
