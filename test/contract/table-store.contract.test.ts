import { TableStore } from '../../src/storage/table/table-store';
import { sharedAzurite, type Azurite } from '../helpers/azurite';
import { describeStoreContract } from './store-contract';

// One Azurite for the file; each test gets its own table prefix, so it starts from empty tables.
let azurite: Azurite;
let n = 0;
beforeAll(async () => {
  azurite = await sharedAzurite();
});
afterAll(async () => {
  await azurite?.close();
});

describeStoreContract(
  'TableStore',
  async () => {
    const prefix = `c${process.pid}x${++n}`;
    const open = () => TableStore.open({ connectionString: azurite.connectionString, prefix, maxLeaseSeconds: 15 });
    const store = await open();
    return {
      store,
      second: open,
      close: async () => undefined,
    };
  },
  { leases: 'service-clock' },
);
