'use strict';
// Azurite (Azure Table, Blob and Queue Storage emulator) as a child process. Plain JavaScript so that
// test/run-tests.js can start one for the whole run before jest; test/helpers/azurite.ts gives it types.
const { spawn } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

/** Azurite's well-known development account (its README); nothing secret. */
const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

// Resolved through node_modules, so the benchmarks can start it from dist/ too.
const BIN = require.resolve('azurite/dist/src/azurite.js');
const READY = /Azurite (Blob|Queue|Table) service is successfully listening at http:\/\/127\.0\.0\.1:(\d+)/g;

/**
 * Starts Azurite (blob, queue and table, in memory, on free ports) and answers once all three print their ready
 * line (about a second). `close()` kills it. Offline: telemetry off; API version check off so the storage SDKs'
 * newer service versions are accepted.
 */
async function startAzurite() {
  const cwd = mkdtempSync(join(tmpdir(), 'azurite-'));
  const hosts = ['blob', 'queue', 'table'].flatMap((s) => [`--${s}Host`, '127.0.0.1', `--${s}Port`, '0']);
  const child = spawn(
    process.execPath,
    [BIN, '--inMemoryPersistence', '--disableTelemetry', '--silent', '--skipApiVersionCheck', '--extentMemoryLimit', '512', ...hosts],
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

function readyPorts(child) {
  return new Promise((resolve, reject) => {
    let out = '';
    const found = {};
    const timer = setTimeout(() => fail(new Error(`Azurite did not start within 30 s:\n${out}`)), 30_000);
    const fail = (e) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(e);
    };
    const read = (chunk) => {
      out += String(chunk);
      for (const m of out.matchAll(READY)) found[m[1]] = Number(m[2]);
      if (found.Blob && found.Queue && found.Table) {
        clearTimeout(timer);
        child.stdout.off('data', read);
        child.stdout.resume();
        child.stderr.resume();
        resolve(found);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', (c) => (out += String(c)));
    child.once('exit', (code) => fail(new Error(`Azurite exited (${code}) before it was ready:\n${out}`)));
  });
}

module.exports = { startAzurite, DEV_ACCOUNT, DEV_KEY };
