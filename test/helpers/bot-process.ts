import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { messageActivity, type Person, type Where } from './activities';
import type { ConnectorStandIn } from './connector-stand-in';
import type { Sent, TestBot } from './test-bot';

const ROOT = resolve(__dirname, '..', '..');
const ENTRY = join(ROOT, 'dist', 'src', 'index.js');

/** The newest modification time under a directory. */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** `npm test` builds dist/ before jest; a targeted run after an edit builds it here, so the processes run today's code. */
export function ensureBuilt(): void {
  if (existsSync(ENTRY) && statSync(ENTRY).mtimeMs >= newest(join(ROOT, 'src'))) return;
  const tsc = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')],
    {
      stdio: 'inherit',
    },
  );
  if (tsc.status !== 0) throw new Error('could not build dist/ for the bot processes');
}

/** A bot running as its own process (`node dist/src/index.js`), driven over HTTP like a test bot. */
export interface BotProcess {
  name: string;
  url: string;
  child: ChildProcess;
  /** Its log lines, parsed. */
  logs: Array<Record<string, any>>;
  send(text: string, from: Person, where?: Where): Promise<Sent>;
  post(body: unknown): Promise<Response>;
  health(): Promise<any>;
  /** SIGKILL: no shutdown, no lease released. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
  /** The shape the shared test helpers (click, finalAnswer…) read. */
  asTestBot(sim: TestBot['sim']): TestBot;
}

export async function startBotProcess(opts: {
  name: string;
  connector: ConnectorStandIn;
  env: Record<string, string>;
}): Promise<BotProcess> {
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', ENTRY], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      GRAPH_AUTH: 'none',
      DATA_DIR: mkdtempSync(join(tmpdir(), `mfa-bot-${opts.name}-`)),
      LOG_LEVEL: 'debug',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, any>> = [];
  let raw = '';
  let buffered = '';
  const read = (chunk: Buffer) => {
    raw += String(chunk);
    buffered += String(chunk);
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as Record<string, any>);
      } catch {
        logs.push({ msg: line });
      }
    }
  };
  child.stdout.on('data', read);
  child.stderr.on('data', read);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setInterval(() => {
      const ready = logs.find((l) => l.msg === 'mfa-bot is listening');
      if (ready) {
        clearInterval(timer);
        resolveUrl(String(ready.url).replace(/\/api\/messages$/, ''));
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`${opts.name} exited before listening:\n${raw}`));
      }
    }, 50);
  });
  const post = (body: unknown) =>
    fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const send = async (text: string, from: Person, where?: Where): Promise<Sent> => {
    const activity = messageActivity({ text, from, where, serviceUrl: opts.connector.url });
    const since = opts.connector.calls.length;
    const res = await post(activity);
    await res.text();
    return { status: res.status, replies: opts.connector.messages({ replyToId: activity.id }), activity, since };
  };
  const me: BotProcess = {
    name: opts.name,
    url,
    child,
    logs,
    send,
    post,
    health: async () => (await fetch(`${url}/healthz`)).json(),
    kill: async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
    asTestBot: (sim) =>
      ({
        sim,
        connector: opts.connector,
        logs: logs.map((l) => JSON.stringify(l)),
        send,
        post,
        dataDir: '',
        bot: undefined,
        close: () => me.stop(),
      }) as unknown as TestBot,
  };
  return me;
}
