import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig, type Config } from './config';
import { withEnvFiles } from './load-env-files';
import { createLogger, type Logger } from './logger';
import { startBot } from './start-bot';

const VERSION: string = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).version;

/**
 * Composition root. 1. read env files and validate config, 2. in demo mode make sure the simulator's
 * certificate is trusted (Node reads NODE_EXTRA_CA_CERTS only at start, so relaunch once), 3. start the
 * simulator (demo only), 4. start the bot, 5. say where to chat, 6. shut down cleanly on SIGTERM/SIGINT.
 */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(withEnvFiles(resolve('env')));
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  const logger = createLogger(config.LOG_LEVEL);

  let graphBaseUrl = config.GRAPH_BASE_URL;
  let closeSimulator: (() => Promise<void>) | undefined;
  if (config.demoMode) {
    const { ensureCertificate } = require('./simulator/tls-certificate.js') as typeof import('./simulator/tls-certificate.js');
    const tls = ensureCertificate(join(config.DATA_DIR, 'simulator-tls'));
    if (resolve(process.env.NODE_EXTRA_CA_CERTS ?? '') !== resolve(tls.certPath)) return relaunchTrusting(tls.certPath);
    const { createSimulator } = await import('./simulator/create-simulator');
    const sim = await createSimulator({
      port: config.SIMULATOR_PORT,
      tlsDir: join(config.DATA_DIR, 'simulator-tls'),
      timeline: 'auto',
      timelineSpeed: config.SIMULATOR_TIMELINE_SPEED,
    });
    graphBaseUrl = sim.baseUrl;
    closeSimulator = () => sim.close();
    logger.info({ graph: sim.baseUrl }, 'demo mode: tenant simulator "Contoso" is answering Microsoft Graph');
  }
  warnAboutOpenDoors(config, logger);

  const bot = await startBot({ config, logger, graphBaseUrl, version: VERSION });
  logger.info({ url: `${bot.url}/api/messages`, version: VERSION }, 'mfa-bot is listening');
  if (config.demoMode) printHowToChat(bot.url);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight turns');
    await bot.close();
    await closeSimulator?.();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

function relaunchTrusting(certPath: string): void {
  const child = spawn(process.execPath, [...process.execArgv, __filename], {
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: resolve(certPath) },
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
}

function warnAboutOpenDoors(config: Config, logger: Logger): void {
  if (!config.authEnabled) {
    logger.warn(
      { host: config.HOST },
      'AUTHENTICATION IS OFF: BOT_ID is empty, so inbound activities are not verified. Listening on loopback only; set BOT_ID and BOT_PASSWORD before exposing the bot.',
    );
  }
  if (!config.HELPDESK_GROUP_ID) {
    logger.warn('HELPDESK_GROUP_ID is not set: everyone who can message the bot may use status, tap, audit, lockout and history.');
  }
}

function printHowToChat(botUrl: string): void {
  process.stdout.write(
    [
      '',
      `mfa-bot demo is running at ${botUrl}/api/messages against the simulated Contoso tenant.`,
      'Chat with it in Microsoft 365 Agents Playground (a local Teams-like client), in a second terminal:',
      `  npm run playground`,
      'then open http://localhost:56150 and type: help · status alice · status nina',
      '',
    ].join('\n'),
  );
}

main().catch((err) => {
  process.stderr.write(`mfa-bot failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
