import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * `npm run dev`: TypeScript in watch mode, and the bot (with its demo simulator, and the Playground when asked with
 * `npm run dev -- --playground`) restarted after every build that compiles. A build with errors leaves the running
 * bot as it was, so a typo never takes the demo down. Ctrl-C stops both.
 */
const TSC = resolve('node_modules', 'typescript', 'bin', 'tsc');
/** tsc --watch prints this after every build; the count decides whether to restart. */
const BUILT = /Found (\d+) errors?\. Watching for file changes\./;

let bot: ChildProcess | undefined;
let restarting = false;

function startBot(): void {
  bot = spawn(process.execPath, ['--disable-warning=DEP0111', resolve('dist', 'src', 'index.js'), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
}

/** SIGTERM lets the bot drain its turns (index.ts waits for them) before the next one takes the port. */
async function restartBot(): Promise<void> {
  if (restarting) return;
  restarting = true;
  try {
    const old = bot;
    if (old && old.exitCode === null) {
      const exited = new Promise((r) => old.once('exit', r));
      old.kill('SIGTERM');
      await exited;
    }
    process.stdout.write('\n[dev] build ok: (re)starting the bot\n');
    startBot();
  } finally {
    restarting = false;
  }
}

const tsc = spawn(process.execPath, [TSC, '-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
tsc.stdout?.on('data', (chunk: Buffer) => {
  const out = String(chunk);
  process.stdout.write(out);
  const built = BUILT.exec(out);
  if (built && Number(built[1]) === 0) void restartBot();
  else if (built) process.stdout.write('[dev] build failed: the bot keeps running the last good build\n');
});

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    tsc.kill('SIGTERM');
    bot?.kill(signal);
    process.exit(0);
  });
