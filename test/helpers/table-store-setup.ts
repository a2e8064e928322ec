// The `table` jest project: every whole-bot test file runs again with STORE=table, on the run's one Azurite
// (npm test starts it) or, in a targeted run, an Azurite of this file's own; test-bot.ts reads TEST_STORE and
// gives each data directory its own STORE_PREFIX, so bots that share a data directory share a store, as they
// share a SQLite file, and files running side by side on one Azurite never meet.
import { sharedAzurite, type Azurite } from './azurite';

let azurite: Azurite | undefined;

beforeAll(async () => {
  azurite = await sharedAzurite();
  process.env.TEST_STORE = 'table';
  process.env.TEST_AZURE_STORAGE_CONNECTION_STRING = azurite.connectionString;
}, 60_000);

afterAll(async () => {
  await azurite?.close();
});
