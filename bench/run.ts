/**
 * `npm run bench [name…] [--store sqlite|table]`: runs the named benchmarks (all by default) one after another
 * and prints their figures, with every bot on SQLite (the default) or on Azure Table Storage (Azurite as a
 * child process). Not part of `npm test`: figures depend on the machine and belong in closing notes.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { BENCHMARKS } from './benchmarks';
import { openBenchStore, parseStoreOption } from './bench-store';
import { ensureCertificate } from '../src/simulator/tls-certificate.js';

/** The simulator's certificate must be trusted from process start (NODE_EXTRA_CA_CERTS), so relaunch once. */
function ensureTrustedSimulator(): void {
  const tlsDir = resolve('data', 'bench-tls');
  const { certPath } = ensureCertificate(tlsDir);
  if (resolve(process.env.NODE_EXTRA_CA_CERTS ?? '') === certPath) return;
  const child = spawnSync(process.execPath, [...process.execArgv, __filename, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: certPath, SIMULATOR_TLS_DIR: tlsDir },
  });
  process.exit(child.status ?? 1);
}

async function main(): Promise<void> {
  ensureTrustedSimulator();
  let options: ReturnType<typeof parseStoreOption>;
  try {
    options = parseStoreOption(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(2);
  }
  const wanted = options.names;
  const chosen = wanted.length ? BENCHMARKS.filter((b) => wanted.includes(b.name)) : BENCHMARKS;
  if (chosen.length === 0) {
    process.stderr.write(`unknown benchmark; choose from: ${BENCHMARKS.map((b) => b.name).join(', ')}\n`);
    process.exit(2);
  }
  const store = await openBenchStore(options.kind);
  try {
    for (const b of chosen) {
      process.stdout.write(`\n== ${b.name}: ${b.description}\n   store: ${store.label}\n`);
      await b.run(store);
    }
  } finally {
    await store.close();
  }
  process.exit(0);
}

main().catch((err) => {
  process.stderr.write(`benchmark failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
