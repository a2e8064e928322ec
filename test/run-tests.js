#!/usr/bin/env node
'use strict';
// `npm test`, what CI runs: 1. the simulator's certificate (Node reads NODE_EXTRA_CA_CERTS only when a process
// starts, so it must exist and be named before jest and the bots inside it start), 2. one Azurite for the whole
// run, started while tsc type-checks everything once and emits dist/ (the shutdown and scale-out tests run it as
// real processes), 3. jest (ts-jest only transpiles: the type-check was step 2), with ESLint and Prettier running
// beside it, 4. the first failure's exit code. With arguments it is jest alone, on those arguments, e.g.
// `npm test -- test/integration/tap.test.ts --selectProjects table`; the table project then starts its own Azurite.
const { spawn } = require('node:child_process');
const path = require('node:path');
const { ensureCertificate } = require('../src/simulator/tls-certificate.js');

const root = path.join(__dirname, '..');
const tlsDir = path.join(__dirname, '.tls');
const { certPath } = ensureCertificate(tlsDir);
// restify 11 still calls process.binding('http_parser'); that deprecation notice is noise in every suite.
// OpenTelemetry's OTLP exporters load node:http with import(), which jest's module sandbox only allows with
// --experimental-vm-modules (plain Node needs nothing); its one-line experimental notice is noise too.
const nodeOptions = [
  process.env.NODE_OPTIONS,
  '--disable-warning=DEP0111',
  '--experimental-vm-modules',
  '--disable-warning=ExperimentalWarning',
]
  .filter(Boolean)
  .join(' ');
const env = { ...process.env, NODE_EXTRA_CA_CERTS: certPath, SIMULATOR_TLS_DIR: tlsDir, NODE_OPTIONS: nodeOptions };
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

/** Runs a command to its end; resolves with its exit code and how long it took. */
function run(cmd, args, extraEnv = {}) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', env: { ...env, ...extraEnv }, cwd: root });
    child.on('exit', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), seconds: (Date.now() - started) / 1000 }));
  });
}

async function main() {
  const jestArgs = process.argv.slice(2);
  if (jestArgs.length) return (await run(bin('jest'), jestArgs)).code;

  const { startAzurite } = require('./helpers/azurite-process.js');
  const [azurite, tsc] = await Promise.all([startAzurite(), run(bin('tsc'), ['-p', root])]);
  try {
    if (tsc.code !== 0) return tsc.code;
    const lint = (async () => {
      const eslint = await run(bin('eslint'), ['.']);
      const prettier = await run(bin('prettier'), ['--check', '--log-level', 'warn', '.']);
      return { code: eslint.code || prettier.code, seconds: eslint.seconds + prettier.seconds };
    })();
    const jest = await run(bin('jest'), [], { TEST_RUN_AZURITE: azurite.connectionString });
    const linted = await lint;
    process.stdout.write(
      `\nnpm test: tsc ${tsc.seconds.toFixed(0)} s, jest ${jest.seconds.toFixed(0)} s, eslint + prettier ${linted.seconds.toFixed(0)} s (beside jest)\n`,
    );
    return jest.code || linted.code;
  } finally {
    await azurite.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`npm test could not run: ${err && err.stack ? err.stack : err}\n`);
    process.exit(1);
  },
);
