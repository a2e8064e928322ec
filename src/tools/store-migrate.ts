/**
 * `npm run store:migrate -- --from sqlite --to table`: copies the SQLite store in DATA_DIR into Azure Table
 * Storage (AZURE_STORAGE_* and STORE_PREFIX, as the bot reads them), prints what it did per kind of record,
 * verifies it, and exits non-zero when something did not verify. Safe to run again: it copies only what is missing.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig } from '../config';
import { withEnvFiles } from '../load-env-files';
import { openStore, StoreUnavailableError } from '../storage/open-store';
import { SqliteStore } from '../storage/sqlite/sqlite-store';
import type { TableStore } from '../storage/table/table-store';
import { migrateSqliteToTable } from './migrate-to-table';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  if (arg('from') !== 'sqlite' || arg('to') !== 'table') {
    process.stderr.write('usage: npm run store:migrate -- --from sqlite --to table\n');
    return 2;
  }
  const env = withEnvFiles(resolve('env'));
  // The target is what STORE=table would open, whatever STORE says now.
  const config = loadConfig({ ...env, STORE: 'table' });
  const file = join(config.DATA_DIR, 'mfa-bot.db');
  if (!existsSync(file)) {
    process.stderr.write(`no SQLite store at ${file} (DATA_DIR=${config.DATA_DIR})\n`);
    return 1;
  }
  const source = SqliteStore.open(file);
  const target = (await openStore(config)).store as TableStore;
  process.stdout.write(`store:migrate: ${file} → Azure Table Storage, prefix "${config.STORE_PREFIX}"\n`);
  try {
    const reports = await migrateSqliteToTable(source, target, Date.now(), (line) => process.stdout.write(`  ${line}\n`));
    const unverified = reports.reduce((n, r) => n + (r.source - r.skipped - r.verified), 0);
    const copied = reports.reduce((n, r) => n + r.created + r.updated, 0);
    process.stdout.write(
      unverified === 0
        ? `done: ${copied} records written, everything verified. Set STORE=table to run the bot on it.\n`
        : `FAILED: ${unverified} records did not read back as they are in SQLite; nothing was deleted, run it again.\n`,
    );
    return unverified === 0 ? 0 : 1;
  } finally {
    await source.close();
    await target.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ConfigError || err instanceof StoreUnavailableError) process.stderr.write(`${err.message}\n`);
    else process.stderr.write(`store:migrate failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
