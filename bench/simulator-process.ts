import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { join } from 'node:path';

/** The simulator in its own process, as Graph would be: its CPU doesn't count against the bot's event loop. */
export interface SimulatorProcess {
  baseUrl: string;
  url: string;
  control(path: string, body?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

export async function startSimulatorProcess(env: Record<string, string> = {}): Promise<SimulatorProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [join(__dirname, '..', 'src', 'simulator', 'main.js')], {
    env: { ...process.env, SIMULATOR_PORT: String(port), SIMULATOR_TIMELINE_SPEED: '0.0001', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += String(chunk);
      const m = /listening on (https:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  child.stdout!.resume();
  const url = baseUrl.replace(/\/v1\.0$/, '');
  return {
    baseUrl,
    url,
    async control(path, body) {
      const res = await fetch(`${url}/_sim/${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return res.json().catch(() => undefined);
    },
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
