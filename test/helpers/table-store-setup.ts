// The `table` jest project: every whole-bot test file runs again with STORE=table, against its own Azurite
// (started before the file, killed after it); test-bot.ts reads TEST_STORE and gives each data directory its
// own STORE_PREFIX, so bots that share a data directory share a store, as they share a SQLite file.
import { startAzurite, type Azurite } from './azurite';

let azurite: Azurite | undefined;

beforeAll(async () => {
  azurite = await startAzurite();
  process.env.TEST_STORE = 'table';
  process.env.TEST_AZURE_STORAGE_CONNECTION_STRING = azurite.connectionString;
}, 60_000);

afterAll(async () => {
  await azurite?.close();
});
