'use strict';
// Plain CommonJS on purpose: scripts (and NODE_EXTRA_CA_CERTS setup steps) can
// require it with plain node, before anything is compiled.
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const selfsigned = require('selfsigned');

const RENEW_MARGIN_MS = 7 * 24 * 3600 * 1000;
const VALID_DAYS = 730;

/**
 * Returns a self-signed certificate for localhost, creating it in `dir` when
 * missing or about to expire. The cert is its own CA (cA true, keyCertSign) so
 * Node accepts it as a trust anchor through NODE_EXTRA_CA_CERTS.
 * @param {string} dir
 * @returns {{ certPath: string, keyPath: string, cert: string, key: string }}
 */
function ensureCertificate(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const certPath = path.resolve(dir, 'cert.pem');
  const keyPath = path.resolve(dir, 'key.pem');
  const existing = readIfFresh(certPath, keyPath);
  if (existing) return { certPath, keyPath, ...existing };

  const attrs = [{ name: 'commonName', value: 'localhost' }];
  const pems = selfsigned.generate(attrs, {
    days: VALID_DAYS,
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  // Write to temp names then rename, so a concurrent reader never sees half a file.
  const suffix = `.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(keyPath + suffix, pems.private, { mode: 0o600 });
  fs.writeFileSync(certPath + suffix, pems.cert);
  fs.renameSync(keyPath + suffix, keyPath);
  fs.renameSync(certPath + suffix, certPath);
  return { certPath, keyPath, cert: pems.cert, key: pems.private };
}

/** Existing pair, if both files parse and the cert outlives the renewal margin. */
function readIfFresh(certPath, keyPath) {
  try {
    const cert = fs.readFileSync(certPath, 'utf8');
    const key = fs.readFileSync(keyPath, 'utf8');
    const x509 = new crypto.X509Certificate(cert);
    if (!x509.checkPrivateKey(crypto.createPrivateKey(key))) return undefined;
    if (Date.parse(x509.validTo) - Date.now() < RENEW_MARGIN_MS) return undefined;
    return { cert, key };
  } catch {
    return undefined;
  }
}

module.exports = { ensureCertificate };
