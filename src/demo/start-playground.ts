import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const PLAYGROUND_PORT = 56150;

/**
 * Starts Microsoft 365 Agents Playground (a local Teams-like client, a dev dependency) pointed at the bot.
 * It acts as the Bot Connector too, so the bot's replies go back to it. Returns undefined when it isn't installed.
 */
export function startPlayground(botUrl: string, port = PLAYGROUND_PORT): { url: string; child: ChildProcess } | undefined {
  const cli = resolve('node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');
  if (!existsSync(cli)) return undefined;
  const child = spawn(process.execPath, [cli, '-e', `${botUrl}/api/messages`, '-c', 'msteams', '-p', String(port), '--disable-telemetry'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      TEAMSAPPTESTER_BROWSER: 'none',
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: resolve('.m365agentsplayground.yml'),
      TEAMSAPPTESTER_LOGFILE: join('data', 'playground.log'),
      M365_AGENTS_PLAYGROUND_LOGFILE: join('data', 'playground.log'),
    },
  });
  child.once('exit', (code) => {
    if (code) process.stderr.write(`Microsoft 365 Agents Playground stopped (exit ${code}); its log is data/playground.log.\n`);
  });
  return { url: `http://localhost:${port}`, child };
}
