import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createSimulator } from '../../src/simulator/create-simulator';
import { CONTOSO } from '../../src/simulator/seed/contoso';
import { messageActivity } from '../helpers/activities';
import { ConnectorStandIn } from '../helpers/connector-stand-in';
import { startTestBot, storeEnv, TLS_DIR } from '../helpers/test-bot';
import { freePort } from '../helpers/free-port';

const hank = { aadObjectId: CONTOSO.users.hank.id, name: 'Hank Helpdesk' };
const ENTRY = resolve(__dirname, '..', '..', 'dist', 'src', 'index.js');

describe('shutdown', () => {
  it('close() lets a turn in progress finish and deliver its reply, then refuses new work', async () => {
    const t = await startTestBot();
    t.sim.faults.setLatency(600);
    const inFlight = t.send('status alice', hank);
    await new Promise((r) => setTimeout(r, 200));
    const closing = t.close();
    const { status, replies } = await inFlight;
    await closing;
    expect(status).toBe(200);
    expect(replies).toHaveLength(1);
    await expect(t.post(messageActivity({ text: 'help', from: hank, serviceUrl: t.connector.url }))).rejects.toThrow();
  });

  // The real entry point, as `npm start` runs it: SIGTERM while a command is being answered.
  (existsSync(ENTRY) ? it : it.skip)(
    'SIGTERM drains the turn in flight, stops the poller and exits 0',
    async () => {
      const sim = await createSimulator({ tlsDir: TLS_DIR, generatedUsers: 50 });
      const connector = await new ConnectorStandIn().start();
      const port = await freePort();
      const dataDir = mkdtempSync(join(tmpdir(), 'mfa-bot-shutdown-'));
      const child = spawn(process.execPath, [ENTRY], {
        cwd: resolve(__dirname, '..', '..'),
        env: {
          ...process.env,
          ...storeEnv(dataDir),
          PORT: String(port),
          GRAPH_BASE_URL: sim.baseUrl,
          GRAPH_AUTH: 'none',
          DATA_DIR: dataDir,
          POLL_INTERVAL_SECONDS: '1',
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (c) => (out += String(c)));
      child.stderr.on('data', (c) => (out += String(c)));
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      try {
        for (let i = 0; !out.includes('mfa-bot is listening'); i++) {
          if (i > 200) throw new Error(`bot did not start:\n${out}`);
          await new Promise((r) => setTimeout(r, 50));
        }
        sim.faults.setLatency(700);
        const activity = messageActivity({ text: 'status alice', from: hank, serviceUrl: connector.url });
        const answered = fetch(`http://127.0.0.1:${port}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(activity),
        });
        await new Promise((r) => setTimeout(r, 250));
        child.kill('SIGTERM');
        expect((await answered).status).toBe(200);
        expect(await exited).toBe(0);
        expect(connector.messages({ replyToId: activity.id })).toHaveLength(1);
        expect(out).toMatch(/shutting down/);
        expect(out).not.toMatch(/"level":50/); // no errors on the way out
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
        await connector.close();
        await sim.close();
      }
    },
    30_000,
  );
});
