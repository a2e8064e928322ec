import { MemoryStore } from '../../src/storage/memory/memory-store';
import { describeStoreContract } from './store-contract';

describeStoreContract('MemoryStore', async () => {
  const store = new MemoryStore();
  return { store, close: () => store.close() };
});
