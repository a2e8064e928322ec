import { WorkerList } from '../background/worker-list';
import type { OutboxWorker } from '../delivery/outbox-worker';
import { CampaignWorker } from '../features/notify/campaign-worker';
import { OutagePoller } from '../features/incidents/outage-poller';
import { TapExpirySweeper } from '../features/tap/expiry-sweeper';
import type { Services } from '../services';

export interface WorkerOptions {
  services: Services;
  outbox: OutboxWorker;
  /** This instance's heartbeat in the store (how many instances split the Graph quota). */
  share: { start(): Promise<void>; stop(): Promise<void> };
  /** The Graph gateway's probes of areas whose circuit is open. */
  probes: { startProbes(): void; stopProbes(): void };
  poller?: { start?: boolean; holder?: string };
  outboxStart?: boolean;
}

export interface Workers {
  poller: OutagePoller;
  tapSweeper: TapExpirySweeper;
  campaigns: CampaignWorker;
  /** All of them, in the order they start; they stop in reverse. */
  list: WorkerList;
}

/**
 * The background workers, in start order. The heartbeat comes first, so Graph's quota is split right before
 * anything calls Graph, and stops last, so the instance counts for as long as it still calls it. The outbox
 * starts last and so stops first: shutdown stops taking items before anything else winds down, so a poll or
 * sweep in flight finishes at once (what it enqueued stays stored for the next holder) instead of holding the
 * exit for a long fan-out. A worker left stopped by the options (tests tick it themselves) is still stopped,
 * which hands over any lease its direct ticks took.
 */
export function createWorkers(o: WorkerOptions): Workers {
  const { services, outbox } = o;
  const { config } = services;
  const poller = new OutagePoller({
    serviceHealth: services.serviceHealth,
    store: services.store,
    outbox,
    identity: services.identityServices,
    incidents: services.incidents,
    logger: services.logger,
    clock: services.clock,
    intervalMs: config.POLL_INTERVAL_SECONDS * 1000,
    holder: o.poller?.holder,
  });
  const tapSweeper = new TapExpirySweeper(services);
  const campaigns = new CampaignWorker(services);
  const pollerOn = o.poller?.start !== false;
  const list = new WorkerList(
    [
      { name: 'instance heartbeat', start: () => o.share.start(), stop: () => o.share.stop() },
      { name: 'graph probes', start: () => o.probes.startProbes(), stop: async () => o.probes.stopProbes() },
      { name: 'campaign worker', start: () => campaigns.start(), stop: () => campaigns.stop() },
      { name: 'tap sweeper', start: () => tapSweeper.start(), stop: () => tapSweeper.stop() },
      { name: 'outage poller', start: () => startIf(pollerOn, poller), stop: () => poller.stop() },
      { name: 'outbox worker', start: () => startIf(o.outboxStart ?? pollerOn, outbox), stop: () => outbox.stop() },
    ],
    services.logger,
  );
  return { poller, tapSweeper, campaigns, list };
}

const startIf = (on: boolean, worker: { start(): void }) => {
  if (on) worker.start();
};
