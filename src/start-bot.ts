import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { TokenCredential } from '@azure/identity';
import type { Config } from './config';
import { GraphAuthMethods } from './graph/graph-auth-methods';
import { GraphConditionalAccess } from './graph/graph-conditional-access';
import { GraphUserStatus } from './graph/graph-user-status';
import { createGraphClient, createGraphCredential } from './graph/create-graph-client';
import { GraphDirectory } from './graph/graph-directory';
import { GraphRegistrationReport } from './graph/graph-registration-report';
import { GraphGateway, type GatewayOptions } from './graph/graph-gateway';
import { graphBuckets } from './graph/graph-buckets';
import { RequestBudget } from './graph/request-budget';
import { InstanceShare } from './graph/instance-share';
import { GraphServiceHealth } from './graph/graph-service-health';
import { GraphTeamsApps } from './graph/graph-teams-apps';
import { GraphSignIns } from './graph/graph-sign-ins';
import type { Logger } from './logger';
import type { Store } from './ports/store';
import { neverLog } from './redaction';
import { systemClock, withNow, type Clock } from './core/clock';
import type { Services } from './services';
import { openStore } from './storage/open-store';
import { LocalExportFiles } from './exports/local-export-files';
import type { ExportFiles } from './ports/export-files';
import type { PacedSenderOptions } from './delivery/paced-sender';
import type { OutboxWorker } from './delivery/outbox-worker';
import type { OutagePoller } from './features/incidents/outage-poller';
import type { TapExpirySweeper } from './features/tap/expiry-sweeper';
import type { CampaignWorker } from './features/notify/campaign-worker';
import { startTelemetry } from './telemetry/start-telemetry';
import type { Telemetry } from './telemetry/telemetry';
import { wireServices, type GraphPorts } from './start/wire-services';
import { createWorkers } from './start/workers';
import { healthReport } from './start/health-report';
import { serveHttp, type Http } from './start/serve-http';

export interface StartOptions {
  config: Config;
  logger: Logger;
  /** Graph root including the version; defaults to GRAPH_BASE_URL or the public cloud. */
  graphBaseUrl?: string;
  credential?: TokenCredential;
  /** What the bot takes as now (expiries, ages, what cards say); a test's fixed or shifted time. Its timers are `time`'s. */
  clock?: Pick<Clock, 'now'>;
  /** Every timer and rate window (scaled in tests); the wall clock by default. */
  time?: Clock;
  store?: Store;
  /** Where audit exports go; with `store` given, local files in DATA_DIR/exports unless set. */
  files?: ExportFiles;
  gateway?: Partial<GatewayOptions>;
  version?: string;
  /** The outage poller: started by default; tests may leave it stopped and call tick() themselves. */
  poller?: { start?: boolean; holder?: string; concurrency?: number; sender?: PacedSenderOptions };
  /**
   * The outbox worker: started with the poller unless told otherwise (a tick drains the outbox itself, and
   * sendNow needs no worker). Holder and concurrency default to the poller's.
   */
  outbox?: { start?: boolean; holder?: string; concurrency?: number; intervalMs?: number };
}

/** How long shutdown waits for turns in progress; Teams gives up on a turn after about 15 s anyway. */
const DRAIN_TIMEOUT_MS = 15_000;

export interface RunningBot {
  url: string;
  port: number;
  services: Services;
  /** The one Graph gateway behind every port: /healthz reads its last outcome, the benchmark its request count. */
  graph: GraphGateway;
  /** Expires undecided TAP requests; tests call tick() with an injected clock. */
  tapSweeper: TapExpirySweeper;
  /** Moves notify campaigns on: expiry, progress cards, the all-clear once their incident resolves; tests call tick(). */
  campaigns: CampaignWorker;
  /** Polls service health and enqueues what each subscription is owed; tests call tick() directly. */
  poller: OutagePoller;
  /** Sends everything proactive; its stats count outcomes by kind. */
  outbox: OutboxWorker;
  /** This instance's heartbeat: how many instances split the Graph quota (tests beat it on demand). */
  share: InstanceShare;
  /** Traces and metrics (Telemetry.off unless an exporter is configured); close() flushes and stops it. */
  telemetry: Telemetry;
  close(): Promise<void>;
}

/**
 * Wires the whole bot and starts listening. Used by index.ts and, unchanged, by the integration tests.
 * 1. keep secrets out of the logs, 2. open the store and telemetry, 3. Graph: the instance share, its budget and
 * the gateway, 4. services and the outbox, 5. the background workers, started in order, 6. the HTTP server.
 */
export async function startBot(opts: StartOptions): Promise<RunningBot> {
  const { config, logger } = opts;
  // 1. Secrets out of the logs; time for timers, clock for what the bot takes as now.
  const storageKey = /AccountKey=([^;]+)/i.exec(config.AZURE_STORAGE_CONNECTION_STRING ?? '')?.[1];
  for (const secret of [config.BOT_PASSWORD, config.GRAPH_CLIENT_SECRET, config.AZURE_STORAGE_CONNECTION_STRING, storageKey])
    neverLog(secret);
  const time = opts.time ?? systemClock;
  const given = opts.clock;
  const clock = given ? withNow(time, () => given.now()) : time;
  const startedAt = time.now();
  const version = opts.version ?? '0.0.0';

  // 2. Store, export files, telemetry.
  const opened = opts.store ? { store: opts.store, files: opts.files } : await openStore(config);
  const store = opened.store;
  const files = opened.files ?? new LocalExportFiles(join(config.DATA_DIR, 'exports'));
  const telemetry = await startTelemetry(config, logger, version);

  // 3. Graph. Each live instance takes its part of every Graph bucket, so the tenant's quota holds however many run.
  const share = new InstanceShare(store.instances, `bot-${randomUUID()}`, time, logger);
  const budget = new RequestBudget(
    graphBuckets({
      reports: config.GRAPH_LIMIT_REPORTS,
      conditionalAccess: config.GRAPH_LIMIT_CONDITIONAL_ACCESS,
      serviceHealth: config.GRAPH_LIMIT_SERVICE_HEALTH,
      teams: config.GRAPH_LIMIT_TEAMS,
    }),
    { share: () => share.count, clock: time },
  );
  const baseUrl = opts.graphBaseUrl ?? config.GRAPH_BASE_URL ?? 'https://graph.microsoft.com/v1.0';
  const graph = new GraphGateway(createGraphClient(baseUrl, opts.credential ?? createGraphCredential(config)), logger, {
    clock: time,
    budget,
    telemetry,
    ...opts.gateway,
  });

  // 4. Everything a handler may use, the outbox with every kind registered.
  const { services, adapter, outbox } = wireServices({
    config,
    logger,
    clock,
    time,
    store,
    files,
    telemetry,
    graph: graphPorts(graph, clock),
    directoryDown: () => graph.circuits.isOpen('directory'),
    sender: opts.poller?.sender,
    outbox: {
      holder: opts.outbox?.holder ?? opts.poller?.holder,
      concurrency: opts.outbox?.concurrency ?? opts.poller?.concurrency,
      intervalMs: opts.outbox?.intervalMs,
    },
  });

  // 5. The background workers, started before the bot takes traffic (the heartbeat first: Graph's quota split).
  const workers = createWorkers({ services, outbox, share, probes: graph, poller: opts.poller, outboxStart: opts.outbox?.start });
  const { poller } = workers;
  await workers.list.start();
  // 6. HTTP: /api/messages, /healthz, export downloads.
  let http: Http;
  try {
    http = await serveHttp({
      config,
      logger,
      version,
      services,
      adapter,
      telemetry,
      health: healthReport({ config, store, graph, poller, outbox, clock, time, startedAt }),
    });
  } catch (err) {
    await workers.list.stop();
    throw err;
  }
  telemetry.observe({
    circuits: () => graph.circuits.states(),
    tapRequests: () => store.tapRequests.countByStatus(),
    outbox: () => outbox.backlog(),
    now: () => clock.now(),
  });
  return {
    url: http.url,
    port: http.port,
    services,
    graph,
    tapSweeper: workers.tapSweeper,
    campaigns: workers.campaigns,
    poller,
    share,
    outbox,
    telemetry,
    /**
     * 1. refuse new turns, 2. let in-flight turns and background replies finish, 3. stop the workers (in reverse
     * of their start), 4. close the server, 5. send the last spans and metrics (the gauges read the store one
     * last time), 6. close the store.
     */
    close: async () => {
      http.refuseTurns();
      const drained = await services.background.drain(DRAIN_TIMEOUT_MS);
      if (!drained) logger.warn({ pending: services.background.size }, 'shutdown: gave up waiting for in-flight work');
      await workers.list.stop();
      await http.close();
      await telemetry.shutdown();
      if (!opts.store) await store.close();
    },
  };
}

/** The ports Microsoft Graph answers, all through the one gateway. */
function graphPorts(graph: GraphGateway, clock: Clock): GraphPorts {
  return {
    directory: new GraphDirectory(graph),
    authMethods: new GraphAuthMethods(graph),
    registrationReport: new GraphRegistrationReport(graph),
    conditionalAccess: new GraphConditionalAccess(graph, 5 * 60_000, clock),
    userStatus: new GraphUserStatus(graph),
    teamsApps: new GraphTeamsApps(graph),
    signIns: new GraphSignIns(graph),
    serviceHealth: new GraphServiceHealth(graph, clock),
  };
}
