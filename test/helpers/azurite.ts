import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Azurite's well-known development account (its README); nothing secret. */
export const DEV_ACCOUNT = 'devstoreaccount1';
export const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface Azurite {
  /** The explicit devstoreaccount1 connection string (UseDevelopmentStorage=true would mean the fixed ports). */
  connectionString: string;
  blobPort: number;
  tablePort: number;
  close(): Promise<void>;
}

// Resolved through node_modules, so the benchmarks can start it from dist/ too.
const BIN = require.resolve('azurite/dist/src/azurite.js');
const READY = /Azurite (Blob|Queue|Table) service is successfully listening at http:\/\/127\.0\.0\.1:(\d+)/g;

/**
 * Starts Azurite (blob, queue and table, in memory, on free ports) as a child process and answers once all
 * three print their ready line (about a second). `close()` kills it. Offline: telemetry off; API version
 * check off so the storage SDKs' newer service versions are accepted.
 */
export async function startAzurite(): Promise<Azurite> {
  const cwd = mkdtempSync(join(tmpdir(), 'azurite-'));
  const child = spawn(
    process.execPath,
    [
      BIN,
      '--inMemoryPersistence',
      '--disableTelemetry',
      '--silent',
      '--skipApiVersionCheck',
      '--extentMemoryLimit',
      '512',
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      '0',
      '--queueHost',
      '127.0.0.1',
      '--queuePort',
      '0',
      '--tableHost',
      '127.0.0.1',
      '--tablePort',
      '0',
    ],
    { cwd, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const ports = await readyPorts(child);
  const connectionString =
    `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};` +
    `BlobEndpoint=http://127.0.0.1:${ports.Blob}/${DEV_ACCOUNT};TableEndpoint=http://127.0.0.1:${ports.Table}/${DEV_ACCOUNT};`;
  return {
    connectionString,
    blobPort: ports.Blob,
    tablePort: ports.Table,
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}

function readyPorts(child: ChildProcess): Promise<Record<'Blob' | 'Queue' | 'Table', number>> {
  return new Promise((resolve, reject) => {
    let out = '';
    const found: Partial<Record<string, number>> = {};
    const timer = setTimeout(() => fail(new Error(`Azurite did not start within 30 s:\n${out}`)), 30_000);
    const fail = (e: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(e);
    };
    const read = (chunk: Buffer) => {
      out += String(chunk);
      for (const m of out.matchAll(READY)) found[m[1]] = Number(m[2]);
      if (found.Blob && found.Queue && found.Table) {
        clearTimeout(timer);
        child.stdout?.off('data', read);
        child.stdout?.resume();
        child.stderr?.resume();
        resolve(found as Record<'Blob' | 'Queue' | 'Table', number>);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', (c: Buffer) => (out += String(c)));
    child.once('exit', (code) => fail(new Error(`Azurite exited (${code}) before it was ready:\n${out}`)));
  });
}
