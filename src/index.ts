import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig, type Config } from './config';
import { withEnvFiles } from './load-env-files';
import { createLogger, type Logger } from './logger';
import { startBot } from './start-bot';
import { StoreUnavailableError } from './storage/open-store';
import { homeTenant } from './router/home-tenant';
import { startPlayground } from './demo/start-playground';

/** Contoso's groups (src/simulator/seed/contoso.ts); only used when the bot runs on the simulator. */
const DEMO_GROUPS = { helpdesk: 'c0de0000-0000-4000-9000-000000000001', approvers: 'c0de0000-0000-4000-9000-000000000003' };

const VERSION = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;

/**
 * Composition root. 1. read env files and validate config, 2. in demo mode make sure the simulator's
 * certificate is trusted (Node reads NODE_EXTRA_CA_CERTS only at start, so relaunch once), 3. start the
 * simulator (demo only), 4. start the bot, 5. say where to chat, 6. shut down cleanly on SIGTERM/SIGINT.
 */
async function main(): Promise<void> {
  let config: Config;
  try {
    const env = withEnvFiles(resolve('env'));
    config = loadConfig(env);
    // The demo tenant has a helpdesk and an approvers group; use them so the demo shows real access rules.
    if (config.demoMode) config = loadConfig({ HELPDESK_GROUP_ID: DEMO_GROUPS.helpdesk, APPROVER_GROUP_ID: DEMO_GROUPS.approvers, ...env });
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
    const { ensureCertificate } = await import('./simulator/tls-certificate.js');
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
  let playground: ReturnType<typeof startPlayground>;
  if (process.argv.includes('--playground')) {
    playground = startPlayground(bot.url);
    if (!playground) logger.warn('Microsoft 365 Agents Playground is not installed (npm install, as a dev dependency, brings it).');
  }
  if (config.demoMode || playground) printHowToChat(bot.url, playground?.url);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight turns');
    playground?.child.kill('SIGTERM');
    await bot.close();
    await closeSimulator?.();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

function relaunchTrusting(certPath: string): void {
  const child = spawn(process.execPath, [...process.execArgv, __filename, ...process.argv.slice(2)], {
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
  if (config.authEnabled && !homeTenant(config)) {
    logger.warn(
      'Neither BOT_TENANT_ID nor GRAPH_TENANT_ID is set, so the bot cannot tell its own organisation from others: set one so conversations from other tenants are refused.',
    );
  }
  if (!config.HELPDESK_GROUP_ID) {
    logger.warn(
      'HELPDESK_GROUP_ID is not set: everyone who can message the bot may use every helpdesk command (status, tap, audit, lockout, impact, report, history, subscribe, unsubscribe, notify).',
    );
  }
}

function printHowToChat(botUrl: string, playgroundUrl: string | undefined): void {
  const lines = ['', `mfa-bot is running at ${botUrl}/api/messages against the simulated Contoso tenant.`];
  if (playgroundUrl) {
    lines.push(`Chat with it in Microsoft 365 Agents Playground: open ${playgroundUrl} (you are Hank, a helpdesk member).`);
  } else {
    lines.push(
      'To chat with it in Microsoft 365 Agents Playground (a local Teams-like client), stop this and run:',
      '  npm run playground',
    );
  }
  lines.push(
    'Try: help · status alice · status nina · health · subscribe · tap nina starting today · impact (once the outage opens)',
    'The simulated MFA outage opens about 20 s after start and is updated every minute (SIMULATOR_TIMELINE_SPEED).',
    '',
  );
  process.stdout.write(lines.join('\n'));
}

main().catch((err) => {
  // A store that can't be opened is the operator's to fix: its one sentence, not a stack.
  if (err instanceof StoreUnavailableError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`mfa-bot failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
