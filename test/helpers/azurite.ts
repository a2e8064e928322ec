/** Azurite (Azure Table and Blob Storage emulator) for the tests and benchmarks: its process lives in azurite-process.js. */
export interface Azurite {
  /** The explicit devstoreaccount1 connection string (UseDevelopmentStorage=true would mean the fixed ports). */
  connectionString: string;
  blobPort: number;
  tablePort: number;
  close(): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const azuriteProcess = require('./azurite-process.js') as { startAzurite(): Promise<Azurite>; DEV_ACCOUNT: string; DEV_KEY: string };

export const { DEV_ACCOUNT, DEV_KEY } = azuriteProcess;

/** A fresh Azurite of its own, killed by close(). */
export const startAzurite = (): Promise<Azurite> => azuriteProcess.startAzurite();

/**
 * The run's one Azurite when `npm test` started it (TEST_RUN_AZURITE: its connection string), else one of this file's
 * own. Users keep apart by table prefix; close() stops only an Azurite this call started.
 */
export async function sharedAzurite(): Promise<Azurite> {
  const shared = process.env.TEST_RUN_AZURITE;
  if (!shared) return startAzurite();
  const port = (name: string) => Number(new RegExp(`${name}Endpoint=http://127\\.0\\.0\\.1:(\\d+)`).exec(shared)?.[1]);
  return { connectionString: shared, blobPort: port('Blob'), tablePort: port('Table'), close: async () => undefined };
}
