#!/usr/bin/env node
'use strict';
// `npm test`: Node reads NODE_EXTRA_CA_CERTS only when a process starts, so the simulator's certificate
// must exist and be named before jest (and the bot inside it) starts. Then: type-check and build, then jest.
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { ensureCertificate } = require('../src/simulator/tls-certificate.js');

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
const bin = (name) => path.join(__dirname, '..', 'node_modules', '.bin', name);

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', env }).status ?? 1;
const jestArgs = process.argv.slice(2);
if (jestArgs.length === 0) {
  // Type-checks everything and emits dist/, which the shutdown test runs as a real process.
  const tsc = run(bin('tsc'), ['-p', path.join(__dirname, '..')]);
  if (tsc !== 0) process.exit(tsc);
  // typescript-eslint's type-aware rules and Prettier's formatting, as `npm run lint` runs them.
  const lint = run(bin('eslint'), ['.']) || run(bin('prettier'), ['--check', '--log-level', 'warn', '.']);
  if (lint !== 0) process.exit(lint);
}
process.exit(run(bin('jest'), jestArgs));
