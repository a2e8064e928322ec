import { join } from 'node:path';
import { ManagedIdentityCredential } from '@azure/identity';
import { storageEndpoints, type Config } from '../config';
import type { ExportFiles } from '../ports/export-files';
import type { Store } from '../ports/store';
import { SqliteStore } from './sqlite/sqlite-store';
import { statusOf } from './table/entities';
import { TableStore } from './table/table-store';

/** The store could not be opened: one sentence for the operator, said at start. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

const START_TIMEOUT_MS = 30_000;

/**
 * The store STORE names: SQLite in DATA_DIR (files on local disk, so none given here), or Azure Table
 * Storage with its blob container for files. Fails with a StoreUnavailableError when the account can't be
 * reached or refuses the credentials, so the bot stops at start instead of failing on the first message.
 */
export async function openStore(config: Config): Promise<{ store: Store; files?: ExportFiles }> {
  if (config.STORE === 'sqlite') return { store: SqliteStore.open(join(config.DATA_DIR, 'mfa-bot.db')) };
  const where = config.AZURE_STORAGE_CONNECTION_STRING
    ? (/(?:^|;)(?:TableEndpoint|AccountName)=([^;]+)/i.exec(config.AZURE_STORAGE_CONNECTION_STRING)?.[1] ?? 'the connection string')
    : storageEndpoints(config)!.tableUrl;
  const opening = config.AZURE_STORAGE_CONNECTION_STRING
    ? TableStore.open({ connectionString: config.AZURE_STORAGE_CONNECTION_STRING, prefix: config.STORE_PREFIX })
    : TableStore.open({
        ...storageEndpoints(config)!,
        credential: new ManagedIdentityCredential(config.AZURE_CLIENT_ID ? { clientId: config.AZURE_CLIENT_ID } : undefined),
        prefix: config.STORE_PREFIX,
      });
  let timer: NodeJS.Timeout | undefined;
  try {
    const store = await Promise.race([
      opening,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
      }),
    ]);
    return { store, files: store.files };
  } catch (e) {
    throw new StoreUnavailableError(`mfa-bot cannot start: Azure Storage (${where}) ${explain(e)}`);
  } finally {
    clearTimeout(timer);
  }
}

function explain(e: unknown): string {
  const status = statusOf(e);
  const code = (e as { code?: string }).code;
  const detail = e instanceof Error ? e.message.split('\n')[0] : String(e);
  if (status === 403 || status === 401)
    return `refused the credentials (${status}): check the account key, or grant the managed identity "Storage Table Data Contributor" and "Storage Blob Data Contributor" on the account.`;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT' || /no answer/.test(detail))
    return `is unreachable (${code ?? detail}): check the endpoint and the network path to it.`;
  return `could not be opened: ${detail}`;
}
