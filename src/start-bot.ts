import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { TokenCredential } from '@azure/identity';
import { createAdapter } from './bot/create-adapter';
import { createBot } from './bot/create-bot';
import { TeamsNotifier } from './bot/teams-notifier';
import { PersonalChatNotifier } from './delivery/personal-chat-notifier';
import type { Config } from './config';
import { HelpdeskGate } from './access/helpdesk-gate';
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
import type { Logger } from './logger';
import type { Store } from './ports/store';
import { createServer } from './server';
import { InFlight } from './core/in-flight';
import { neverLog } from './redaction';
import { DownloadLinks } from './exports/download-links';
import { registerDownloadRoute } from './exports/download-route';
import { systemClock, withNow, type Clock } from './core/clock';
import type { Services } from './services';
import { openStore } from './storage/open-store';
import { LocalExportFiles } from './exports/local-export-files';
import type { ExportFiles } from './ports/export-files';
import { GraphServiceHealth } from './graph/graph-service-health';
import { identityMatcher } from './domain/identity-services';
import { OutagePoller } from './features/incidents/outage-poller';
import { KnownIssues } from './features/incidents/known-issues';
import { PacedSender, type PacedSenderOptions } from './delivery/paced-sender';
import { createOutboxWorker, type OutboxWorker } from './delivery/outbox-worker';
import { incidentKinds } from './features/incidents/incident-outbox-kinds';
import { tapKinds } from './features/tap/tap-outbox-kinds';
import { TapExpirySweeper } from './features/tap/expiry-sweeper';
import { SharedScans } from './features/scans/shared-scan';
import { scanTenant } from './features/scans/enrolment-scan';
import { startTelemetry } from './telemetry/start-telemetry';
import type { Telemetry } from './telemetry/telemetry';
import { GraphTeamsApps } from './graph/graph-teams-apps';
import { GraphSignIns } from './graph/graph-sign-ins';
import { notifyKinds } from './features/notify/notify-outbox-kinds';
import { CampaignWorker } from './features/notify/campaign-worker';

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

/** Wires the whole bot and starts listening. Used by index.ts and, unchanged, by the integration tests. */
export async function startBot(opts: StartOptions): Promise<RunningBot> {
  const { config, logger } = opts;
  const storageKey = /AccountKey=([^;]+)/i.exec(config.AZURE_STORAGE_CONNECTION_STRING ?? '')?.[1];
  for (const secret of [config.BOT_PASSWORD, config.GRAPH_CLIENT_SECRET, config.AZURE_STORAGE_CONNECTION_STRING, storageKey])
    neverLog(secret);
  const time = opts.time ?? systemClock;
  const given = opts.clock;
  const clock = given ? withNow(time, () => given.now()) : time;
  const baseUrl = opts.graphBaseUrl ?? config.GRAPH_BASE_URL ?? 'https://graph.microsoft.com/v1.0';
  const opened = opts.store ? { store: opts.store, files: opts.files } : await openStore(config);
  const store = opened.store;
  const files = opened.files ?? new LocalExportFiles(join(config.DATA_DIR, 'exports'));
  const telemetry = await startTelemetry(config, logger, opts.version ?? '0.0.0');
  // Each live instance takes its part of every Graph bucket, so the tenant's quota holds however many run.
  const share = new InstanceShare(store.instances, `bot-${randomUUID()}`, () => clock.now(), logger);
  await share.start();
  const budget = new RequestBudget(
    graphBuckets({
      reports: config.GRAPH_LIMIT_REPORTS,
      conditionalAccess: config.GRAPH_LIMIT_CONDITIONAL_ACCESS,
      serviceHealth: config.GRAPH_LIMIT_SERVICE_HEALTH,
      teams: config.GRAPH_LIMIT_TEAMS,
    }),
    { share: () => share.count },
  );
  const graph = new GraphGateway(createGraphClient(baseUrl, opts.credential ?? createGraphCredential(config)), logger, {
    now: () => Date.now(),
    budget,
    telemetry,
    ...opts.gateway,
  });
  const directory = new GraphDirectory(graph);
  const adapter = createAdapter(config);
  const background = new InFlight();
  const notifier = new PersonalChatNotifier(new TeamsNotifier(adapter, config.BOT_ID ?? ''), store.people, () => clock.now());
  // botframework-connector's pipeline already retries 5xx and Retry-After 429s (its noRetryPolicy option is
  // ignored in 4.23); the paced sender retries what it gives up on or never retries (412, 429 without Retry-After).
  const outbox = createOutboxWorker(store, {
    notifier,
    sender: new PacedSender(logger, opts.poller?.sender),
    logger,
    clock,
    dryRun: config.DELIVERY_DRY_RUN,
    holder: opts.outbox?.holder ?? opts.poller?.holder,
    concurrency: opts.outbox?.concurrency ?? opts.poller?.concurrency,
    intervalMs: opts.outbox?.intervalMs,
    telemetry,
  });
  const identityServices = identityMatcher(config.HEALTH_IDENTITY_SERVICES);
  const services: Services = {
    config,
    logger,
    clock,
    store,
    directory,
    authMethods: new GraphAuthMethods(graph),
    registrationReport: new GraphRegistrationReport(graph),
    conditionalAccess: new GraphConditionalAccess(graph, 5 * 60_000, () => clock.now()),
    userStatus: new GraphUserStatus(graph),
    teamsApps: new GraphTeamsApps(graph),
    signIns: new GraphSignIns(graph),
    helpdesk: new HelpdeskGate({
      groupId: config.HELPDESK_GROUP_ID,
      directory,
      logger,
      now: () => clock.now(),
      snapshots: store.snapshots,
      graceMs: config.HELPDESK_GRACE_HOURS * 3_600_000,
      directoryDown: () => graph.circuits.isOpen('directory'),
    }),
    notifier,
    outbox,
    downloads: new DownloadLinks(files, store.exportLinks, () => clock.now()),
    scans: new SharedScans((onProgress) => scanTenant(services, onProgress)),
    serviceHealth: new GraphServiceHealth(graph, () => clock.now()),
    identityServices,
    incidents: new KnownIssues(store.health.issues, identityServices),
    background,
  };
  outbox.register({
    ...incidentKinds({ store, outbox, identity: services.identityServices, logger, clock }),
    ...tapKinds(services),
    ...notifyKinds(services),
  });
  const poller = new OutagePoller({
    serviceHealth: services.serviceHealth,
    store,
    outbox,
    identity: services.identityServices,
    incidents: services.incidents,
    logger,
    clock,
    intervalMs: config.POLL_INTERVAL_SECONDS * 1000,
    holder: opts.poller?.holder,
  });

  /** Depth and age of what is still to go (paused lanes apart: a conversation the bot was removed from waits there). */
  const outboxHealth = async () => {
    const b = await outbox.backlog();
    return {
      queued: b.queued,
      oldestQueuedAgeSeconds: b.oldestQueuedAt === undefined ? 0 : Math.max(0, Math.round((clock.now() - b.oldestQueuedAt) / 1000)),
      paused: b.paused,
      dryRun: config.DELIVERY_DRY_RUN,
    };
  };

  const bot = createBot(adapter, services);
  let stopping = false;
  const startedAt = Date.now();
  const server = createServer({
    logger,
    version: opts.version ?? '0.0.0',
    processActivity: async (req, res) => {
      if (stopping) {
        // Teams retries a 503, so a message that arrives mid-shutdown reaches the next instance.
        res.send(503, { error: { code: 'ShuttingDown', message: 'The bot is restarting; try again in a moment.' } });
        return;
      }
      await background.track(
        adapter.process(req, res, (context) => telemetry.turn(context.activity, () => bot.run(context)).then(() => undefined)),
      );
    },
    extraRoutes: (s) =>
      registerDownloadRoute(s, {
        links: services.downloads,
        logger,
        stillAllowed: (owner) => services.helpdesk.allows({ teamsId: '', aadObjectId: owner }),
      }),
    health: async () => ({
      // Seconds since start.
      uptime: Math.round((Date.now() - startedAt) / 1000),
      storage: { ok: await store.ping() },
      graph: graph.lastOutcome ?? { ok: null, note: 'no Graph call yet' },
      // Each area on its own: the poller's successes must not hide an identity outage.
      graphAreas: graph.circuits.states(),
      degraded: graph.circuits.states().some((a) => a.state !== 'ok'),
      lastPoll: poller.last ? { at: poller.last.at, role: poller.last.role, graphOk: poller.last.graphOk } : { note: 'no poll yet' },
      auth: config.authEnabled ? 'enabled' : 'disabled (loopback only)',
      outbox: await outboxHealth(),
    }),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const port = server.address().port;
  telemetry.observe({
    circuits: () => graph.circuits.states(),
    tapRequests: () => store.tapRequests.countByStatus(),
    outbox: () => outbox.backlog(),
    now: () => clock.now(),
  });
  const tapSweeper = new TapExpirySweeper(services);
  tapSweeper.start();
  const campaigns = new CampaignWorker(services);
  campaigns.start();
  graph.startProbes();
  const host = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST;
  services.downloads.baseUrl = config.PUBLIC_URL ?? `http://${host}:${port}`;
  if (opts.outbox?.start ?? opts.poller?.start !== false) outbox.start();
  if (opts.poller?.start !== false) poller.start();
  return {
    url: `http://${host}:${port}`,
    port,
    services,
    graph,
    tapSweeper,
    campaigns,
    poller,
    share,
    outbox,
    telemetry,
    /**
     * 1. refuse new turns, 2. let in-flight turns and background replies finish, 3. stop the workers, 4. close,
     * 5. send the last spans and metrics (the gauges read the store one last time), 6. close the store.
     */
    close: async () => {
      stopping = true;
      const closed = new Promise<void>((resolve) => {
        server.close(() => resolve());
      });
      server.server.closeIdleConnections();
      const drained = await background.drain(DRAIN_TIMEOUT_MS);
      if (!drained) logger.warn({ pending: background.size }, 'shutdown: gave up waiting for in-flight work');
      await outbox.stop();
      await share.stop();
      graph.stopProbes();
      await poller.stop();
      await tapSweeper.stop();
      await campaigns.stop();
      server.server.closeAllConnections();
      await closed;
      await telemetry.shutdown();
      if (!opts.store) await store.close();
    },
  };
}
