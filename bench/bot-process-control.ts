import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';

/** The bot in a process of its own (bench/bot-process.ts), so a bench can stop it mid-run and start another. */
export interface BotProcess {
  url: string;
  /** SIGTERM: a graceful stop (sends in flight finish); SIGKILL: a crash. Resolves once the process is gone. */
  stop(signal: NodeJS.Signals): Promise<void>;
}

/** Starts the bot with this environment, its log to `logFile`; resolves when it listens. */
export async function startBotProcess(env: Record<string, string>, logFile: string): Promise<BotProcess> {
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', join(__dirname, 'bot-process.js')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(logFile);
  child.stderr.pipe(log);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += String(chunk);
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        child.stdout.off('data', onData);
        child.stdout.pipe(log);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the bot exited with ${code} before listening; see ${logFile}`)));
  });
  return {
    url,
    async stop(signal) {
      child.kill(signal);
      await exited;
    },
  };
}
