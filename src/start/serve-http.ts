import type { createAdapter } from '../bot/create-adapter';
import { createBot } from '../bot/create-bot';
import type { Config } from '../config';
import { registerDownloadRoute } from '../exports/download-route';
import type { Logger } from '../logger';
import { createServer } from '../server';
import type { Services } from '../services';
import type { Telemetry } from '../telemetry/telemetry';

export interface HttpOptions {
  config: Config;
  logger: Logger;
  version: string;
  services: Services;
  adapter: ReturnType<typeof createAdapter>;
  telemetry: Telemetry;
  health: () => Promise<Record<string, unknown>>;
}

export interface Http {
  url: string;
  port: number;
  /** Answers new turns 503 from now on and drops idle connections; in-flight turns go on. */
  refuseTurns(): void;
  /** Closes the server once the connections still open are cut. */
  close(): Promise<void>;
}

/**
 * The bot behind POST /api/messages (each turn tracked in services.background, so shutdown can wait for it),
 * GET /healthz and the export downloads, listening on HOST:PORT. Sets the downloads' base URL once the port is known.
 */
export async function serveHttp(o: HttpOptions): Promise<Http> {
  const { config, logger, services, adapter, telemetry } = o;
  const bot = createBot(adapter, services);
  let refusing = false;
  const server = createServer({
    logger,
    version: o.version,
    processActivity: async (req, res) => {
      if (refusing) {
        // Teams retries a 503, so a message that arrives mid-shutdown reaches the next instance.
        res.send(503, { error: { code: 'ShuttingDown', message: 'The bot is restarting; try again in a moment.' } });
        return;
      }
      await services.background.track(
        adapter.process(req, res, (context) => telemetry.turn(context.activity, () => bot.run(context)).then(() => undefined)),
      );
    },
    extraRoutes: (s) =>
      registerDownloadRoute(s, {
        links: services.downloads,
        logger,
        stillAllowed: (owner) => services.helpdesk.allows({ teamsId: '', aadObjectId: owner }),
      }),
    health: o.health,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const port = server.address().port;
  const host = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST;
  const url = `http://${host}:${port}`;
  services.downloads.baseUrl = config.PUBLIC_URL ?? url;
  let closed: Promise<void> | undefined;
  // Stops accepting connections; resolves once the last open one is gone.
  const closing = () =>
    (closed ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
    }));
  return {
    url,
    port,
    refuseTurns: () => {
      refusing = true;
      void closing();
      server.server.closeIdleConnections();
    },
    close: async () => {
      const done = closing();
      server.server.closeAllConnections();
      await done;
    },
  };
}
