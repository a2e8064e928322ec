import { HelpdeskGate } from '../access/helpdesk-gate';
import { createAdapter } from '../bot/create-adapter';
import { TeamsNotifier } from '../bot/teams-notifier';
import type { Config } from '../config';
import type { Clock } from '../core/clock';
import { InFlight } from '../core/in-flight';
import { createOutboxWorker, type OutboxWorker, type OutboxWorkerOptions } from '../delivery/outbox-worker';
import { PacedSender, type PacedSenderOptions } from '../delivery/paced-sender';
import { PersonalChatNotifier } from '../delivery/personal-chat-notifier';
import { identityMatcher } from '../domain/identity-services';
import { DownloadLinks } from '../exports/download-links';
import { incidentKinds } from '../features/incidents/incident-outbox-kinds';
import { KnownIssues } from '../features/incidents/known-issues';
import { notifyKinds } from '../features/notify/notify-outbox-kinds';
import { scanTenant } from '../features/scans/enrolment-scan';
import { SharedScans } from '../features/scans/shared-scan';
import { tapKinds } from '../features/tap/tap-outbox-kinds';
import type { Logger } from '../logger';
import type { ExportFiles } from '../ports/export-files';
import type { Store } from '../ports/store';
import type { Services } from '../services';
import type { Telemetry } from '../telemetry/telemetry';

/** Every port that Microsoft Graph answers, built by the composition root (only it may import graph/). */
export type GraphPorts = Pick<
  Services,
  'directory' | 'authMethods' | 'registrationReport' | 'conditionalAccess' | 'userStatus' | 'teamsApps' | 'signIns' | 'serviceHealth'
>;

export interface WireOptions {
  config: Config;
  logger: Logger;
  /** Business now, with `time`'s timers. */
  clock: Clock;
  /** Timers and rate windows. */
  time: Clock;
  store: Store;
  files: ExportFiles;
  telemetry: Telemetry;
  graph: GraphPorts;
  /** The directory's circuit is open: the helpdesk gate answers from its snapshot. */
  directoryDown: () => boolean;
  sender?: PacedSenderOptions;
  outbox?: Pick<OutboxWorkerOptions, 'holder' | 'concurrency' | 'intervalMs'>;
}

export interface Wired {
  services: Services;
  /** The Bot Framework adapter: the notifier sends through it, the HTTP server hands it each activity. */
  adapter: ReturnType<typeof createAdapter>;
  outbox: OutboxWorker;
}

/** Everything a handler may use, over the store and the Graph ports: the outbox with every kind registered. */
export function wireServices(o: WireOptions): Wired {
  const { config, logger, clock, store, telemetry } = o;
  const adapter = createAdapter(config);
  const notifier = new PersonalChatNotifier(new TeamsNotifier(adapter, config.BOT_ID ?? ''), store.people, () => clock.now());
  // botframework-connector's pipeline already retries 5xx and Retry-After 429s (its noRetryPolicy option is
  // ignored in 4.23); the paced sender retries what it gives up on or never retries (412, 429 without Retry-After).
  const outbox = createOutboxWorker(store, {
    notifier,
    sender: new PacedSender(logger, { clock: o.time, ...o.sender }),
    logger,
    clock,
    dryRun: config.DELIVERY_DRY_RUN,
    telemetry,
    ...o.outbox,
  });
  const identityServices = identityMatcher(config.HEALTH_IDENTITY_SERVICES);
  const services: Services = {
    config,
    logger,
    clock,
    store,
    ...o.graph,
    helpdesk: new HelpdeskGate({
      groupId: config.HELPDESK_GROUP_ID,
      directory: o.graph.directory,
      logger,
      now: () => clock.now(),
      snapshots: store.snapshots,
      graceMs: config.HELPDESK_GRACE_HOURS * 3_600_000,
      directoryDown: o.directoryDown,
    }),
    notifier,
    outbox,
    downloads: new DownloadLinks(o.files, store.exportLinks, () => clock.now()),
    scans: new SharedScans((onProgress) => scanTenant(services, onProgress)),
    identityServices,
    incidents: new KnownIssues(store.health.issues, identityServices),
    background: new InFlight(o.time),
  };
  outbox.register({
    ...incidentKinds({ store, outbox, identity: identityServices, logger, clock }),
    ...tapKinds(services),
    ...notifyKinds(services),
  });
  return { services, adapter, outbox };
}
