/**
 * The bot alone in its own process, configured from the environment, for benches that stop and restart it
 * (bench/notify.bench.ts). Prints "listening on <url>" once ready; SIGTERM stops it the way index.ts does.
 */
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { startBot } from '../src/start-bot';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const bot = await startBot({ config, logger: createLogger(config.LOG_LEVEL), poller: { start: false }, outbox: { start: true } });
  process.stdout.write(`listening on ${bot.url}\n`);
  let stopping = false;
  process.on('SIGTERM', () => {
    if (stopping) return;
    stopping = true;
    void bot.close().then(() => process.exit(0));
  });
}

main().catch((err) => {
  process.stderr.write(`bot process failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
