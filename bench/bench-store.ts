import { randomBytes } from 'node:crypto';
import { startAzurite, type Azurite } from '../test/helpers/azurite';

export type StoreKind = 'sqlite' | 'table';

/** The store the benchmarks' bots run on: `--store sqlite` (the default) or `--store table`. */
export interface BenchStore {
  kind: StoreKind;
  /** What the figures ran on, printed before them. */
  label: string;
  /**
   * Settings for loadConfig beside DATA_DIR: none for SQLite (a file in the data directory), STORE=table with
   * the Azurite connection string and a fresh STORE_PREFIX for each bot (each starts on empty tables).
   */
  env(): Record<string, string>;
  close(): Promise<void>;
}

/** `--store <kind>` (or `--store=<kind>`) out of the arguments; the rest are benchmark names. */
export function parseStoreOption(args: string[]): { kind: StoreKind; names: string[] } {
  const names: string[] = [];
  let kind: string = 'sqlite';
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--store') kind = args[++i] ?? '';
    else if (a.startsWith('--store=')) kind = a.slice('--store='.length);
    else names.push(a);
  }
  if (kind !== 'sqlite' && kind !== 'table') throw new Error(`--store must be sqlite or table, not "${kind}"`);
  return { kind, names };
}

/**
 * SQLite needs nothing; the table backend gets Azurite as a child process (in memory, free ports, as the
 * tests start it), so the figures include a real HTTP round trip per table operation on this machine.
 */
export async function openBenchStore(kind: StoreKind): Promise<BenchStore> {
  if (kind === 'sqlite') return { kind, label: 'SQLite (WAL, local disk)', env: () => ({}), close: async () => {} };
  const azurite: Azurite = await startAzurite();
  return {
    kind,
    label: `Azure Table Storage on Azurite (child process, in memory, table port ${azurite.tablePort})`,
    env: () => ({
      STORE: 'table',
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      STORE_PREFIX: `bench${randomBytes(6).toString('hex')}`,
    }),
    close: () => azurite.close(),
  };
}
