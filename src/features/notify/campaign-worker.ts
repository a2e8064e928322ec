import { randomUUID } from 'node:crypto';
import { allClearOffered, CONFIRM_MINUTES, deliveryDone, isLapsed, stopWatching, WATCH_MS, type Campaign } from '../../domain/campaign';
import { notifyMessages } from './notify-messages';
import type { Services } from '../../services';
import { progressOf } from './campaign-card';
import { campaignCardItem, enqueueNotices, noticeGroup, reachedRecipients, syncCampaignCard } from './deliver';
import { expireCampaign } from './notify-card-actions';
import { LeasedWorker } from '../../background/leased-worker';

const LEASE = 'notify-campaigns';
const LEASE_MS = 30_000;
/** The progress card is rewritten at most this often while notices go out (Teams limits updates per conversation). */
const PROGRESS_EVERY_MS = 10_000;

/**
 * Moves campaigns on when nobody clicks: expires unconfirmed ones, finishes queueing a confirmed one whose
 * queueing stopped midway, keeps the progress card current and closes it when every notice has an outcome,
 * and, once the identity incident a campaign was sent during is resolved (the poller's stored issues say so),
 * offers its requester the all-clear, once. One instance at a time (a lease); every change is a compare-and-set.
 * tick() is what the timer calls and what tests call directly: how many campaigns moved (0 on standby).
 */
export class CampaignWorker extends LeasedWorker<number> {
  private readonly lastProgress = new Map<string, number>();

  constructor(
    private readonly services: Services,
    intervalMs = 5_000,
  ) {
    super(services, { lease: LEASE, holder: `campaigns-${randomUUID()}`, leaseMs: LEASE_MS, intervalMs, firstAfterMs: intervalMs });
  }

  protected idle(): number {
    return 0;
  }

  /** One pass over the open campaigns. */
  protected async work(): Promise<number> {
    const { store, logger } = this.services;
    let open: Campaign[];
    try {
      open = await store.campaigns.open(200);
    } catch (err) {
      logger.warn({ err }, 'notify campaign worker could not read the store');
      return 0;
    }
    let moved = 0;
    for (const c of open) {
      try {
        if (await this.step(c)) moved++;
      } catch (err) {
        logger.warn({ err, campaign: c.id }, 'notify campaign worker failed for one campaign');
      }
    }
    return moved;
  }

  private async step(c: Campaign): Promise<boolean> {
    const s = this.services;
    const now = s.clock.now();
    if (c.status === 'awaiting') return isLapsed(c, now) && (await expireCampaign(c, s)).status === 'expired';
    if (c.status === 'sending') {
      if (!c.enqueued) {
        await enqueueNotices(c, s);
        return true;
      }
      const p = progressOf(await s.outbox.counts(noticeGroup(c.id)));
      if (p.waiting === 0) {
        const done = deliveryDone(c, now);
        if (!(await s.store.campaigns.update(done))) return false;
        s.logger.info({ campaign: c.id, ...p }, 'notify campaign delivered');
        this.lastProgress.delete(c.id);
        await syncCampaignCard(done, s);
        return true;
      }
      if (now - (this.lastProgress.get(c.id) ?? 0) < PROGRESS_EVERY_MS) return false;
      this.lastProgress.set(c.id, now);
      await syncCampaignCard(c, s, `p${p.sent}-${p.notReachable}-${p.failed}-${p.waiting}`);
      return false;
    }
    if (c.status !== 'sent') return false; // closed since it was listed
    // Sent during an incident: the all-clear waits for its resolution, as the poller last saw it.
    if (!c.incident || now - (c.confirmedAt ?? c.createdAt) > WATCH_MS) return s.store.campaigns.update(stopWatching(c, now));
    const issue = await s.store.health.issues.get(c.incident.id);
    if (!issue?.isResolved) return false;
    return this.offerAllClear(c, now);
  }

  /**
   * The all-clear: a campaign of its own (same confirmation rules) to exactly the recipients the notice
   * reached, its card posted where the notice was asked. Its id follows from the notice's, so a crash or a
   * second instance midway makes nothing twice.
   */
  private async offerAllClear(c: Campaign, now: number): Promise<boolean> {
    const s = this.services;
    const id = `${c.id}-ok`;
    let allClear = await s.store.campaigns.get(id);
    if (!allClear) {
      const reached = await reachedRecipients(c, s);
      if (!reached.length) return s.store.campaigns.update(stopWatching(c, now));
      const next: Campaign = {
        id,
        version: 1,
        kind: 'allClear',
        audience: c.audience,
        cohort: c.cohort,
        message: notifyMessages.allClearDefault(),
        requester: c.requester,
        origin: c.origin,
        tenantId: c.tenantId,
        serviceUrl: c.serviceUrl,
        incident: c.incident,
        recipientCount: reached.length,
        knownChats: reached.length,
        sample: reached.slice(0, 5).map((r) => r.name),
        needsSecond: reached.length > s.config.NOTIFY_SECOND_APPROVAL_OVER,
        status: 'awaiting',
        createdAt: now,
        expiresAt: now + CONFIRM_MINUTES * 60_000,
        parentId: c.id,
      };
      await s.store.campaigns.create(next, reached);
      allClear = (await s.store.campaigns.get(id)) ?? next;
    }
    await s.outbox.enqueue([campaignCardItem(allClear)]);
    const offered = await s.store.campaigns.update(allClearOffered(c, id, now));
    if (offered)
      s.logger.info({ campaign: c.id, allClear: id, incident: c.incident?.id }, 'incident resolved: all-clear offered to the requester');
    return offered;
  }
}
