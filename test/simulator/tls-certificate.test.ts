import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createSimulator } from '../../src/simulator/create-simulator';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureCertificate } = require('../../src/simulator/tls-certificate.js');

describe('ensureCertificate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sim-tls-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the pair once and reuses it', () => {
    const first = ensureCertificate(join(dir, 'nested'));
    const second = ensureCertificate(join(dir, 'nested'));
    expect(first.cert).toContain('BEGIN CERTIFICATE');
    expect(second.cert).toBe(first.cert);
  });

  it('is trusted by a plain node process through NODE_EXTRA_CA_CERTS', async () => {
    const sim = await createSimulator({ tlsDir: join(dir, 'nested'), generatedUsers: 0 });
    try {
      const script = `fetch(process.argv[1], { headers: { Authorization: 'Bearer t' } }).then(r => r.json()).then(j => console.log(j.value[0].service))`;
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['-e', script, `${sim.baseUrl}/admin/serviceAnnouncement/healthOverviews`],
        {
          env: { ...process.env, NODE_EXTRA_CA_CERTS: sim.certPath },
        },
      );
      expect(stdout.trim()).toBe('Microsoft Entra');
    } finally {
      await sim.close();
    }
  });
});
