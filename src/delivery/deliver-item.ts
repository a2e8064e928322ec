import type { Clock } from '../core/clock';
import type { Reply } from '../core/reply';
import type { Logger } from '../logger';
import { NotifyError, type Notifier } from '../ports/notifier';
import type { OutboxError, OutboxItem, OutboxResult, OutboxStore } from '../ports/outbox-store';
import { retryDelayMs } from './backoff';
import { classifyFailure } from './classify-failure';
import type { OutboxKind, SendOutcome } from './outbox';
import type { PacedSender } from './paced-sender';
import { resolveTarget } from './resolve-target';
import { sendToTarget } from './send-to-target';

/** What delivering one claimed item needs. */
export interface DeliveryContext {
  store: OutboxStore;
  /** Whose claim the item is under. */
  holder: string;
  notifier: Notifier;
  sender: PacedSender;
  logger: Logger;
  clock: Pick<Clock, 'now'>;
  /** DELIVERY_DRY_RUN: log what would be sent, mark it dry-run, call nothing. */
  dryRun: boolean;
  random(): number;
  kindOf(name: string): OutboxKind | undefined;
  /** Counts and announces the outcome; returns it. */
  finish(item: OutboxItem, outcome: SendOutcome, error?: OutboxError): SendOutcome;
}

/** An item following one that hasn't gone out yet looks again this much later. */
const WAIT_MS = 1_000;
const PLACEHOLDER: OutboxResult = { activityId: 'dry-run', ref: {} };

/**
 * One claimed item, start to end: resolve its target, build it, dry run or note "sending", send, record, and on
 * failure decide between retry, pause, gone and failed. Never throws: a store or builder failure leaves the item
 * for a later pass.
 */
export async function deliverItem(item: OutboxItem, c: DeliveryContext): Promise<SendOutcome> {
  const { store, holder, clock, logger } = c;
  const facts = { key: item.key, kind: item.kind, lane: item.lane };
  const finish = (outcome: SendOutcome, error?: OutboxError) => c.finish(item, outcome, error);
  try {
    const kind = c.kindOf(item.kind);
    if (!kind) {
      logger.error(facts, 'no builder is registered for this kind of outbox item; dropping it');
      await store.fail(item.key, holder, 'failed', { code: 'UnknownKind' }, clock.now());
      return finish('failed');
    }
    const prior = item.to.kind === 'after' ? await store.get(item.to.after) : undefined;
    const resolved = resolveTarget(item.to, prior);
    if (resolved.kind === 'wait') {
      await store.retryLater(item.key, holder, clock.now() + WAIT_MS, undefined, clock.now());
      return finish('waiting');
    }
    if (resolved.kind === 'skip') {
      const error = { code: `after-${prior?.state ?? 'missing'}` };
      await store.fail(item.key, holder, resolved.state, error, clock.now());
      return finish(resolved.state, error);
    }
    const reply = await kind.build(item);
    if (reply === 'cancel') {
      await store.fail(item.key, holder, 'cancelled', undefined, clock.now());
      return finish('cancelled');
    }
    if (reply === 'hold') {
      await store.pauseLane(item.lane, clock.now());
      await store.release(item.key, holder);
      return finish('paused');
    }
    if (c.dryRun || resolved.placeholder) {
      logger.info({ ...facts, group: item.group, target: resolved.target.kind, summary: summaryOf(reply) }, 'dry run: would send');
      await store.complete(item.key, holder, 'dry-run', PLACEHOLDER, clock.now());
      return finish('dry-run');
    }
    let target = resolved.target;
    if (kind.target) {
      const chosen = await kind.target(item);
      if ('gone' in chosen) {
        await store.fail(item.key, holder, 'gone', chosen.gone, clock.now());
        logger.info({ ...facts, code: chosen.gone.code, status: chosen.gone.status }, 'recipient not reachable; outbox item dropped');
        return finish('gone', chosen.gone);
      }
      if ('retry' in chosen) {
        await store.retryLater(item.key, holder, clock.now() + chosen.afterMs, chosen.retry, clock.now());
        return finish('retrying', chosen.retry);
      }
      target = chosen;
    }
    if (item.state === 'sending')
      logger.warn(
        { ...facts, attempts: item.attempts },
        'possible duplicate: an earlier attempt may have reached Teams before a crash; sending it again',
      );
    if (!(await store.markSending(item.key, holder, clock.now()))) return finish('queued');
    let sent: OutboxResult;
    try {
      sent = await c.sender.send({ thread: item.lane, tenant: item.tenant }, () => sendToTarget(c.notifier, target, reply));
    } catch (e) {
      return await failed(item, kind, asNotifyError(e), c);
    }
    if (!(await store.complete(item.key, holder, 'sent', sent, clock.now())))
      logger.warn(facts, 'sent, but the claim had passed to another holder; it may be sent twice');
    await kind.onSent?.(item, sent).catch((e: unknown) => logger.error({ ...facts, error: errorName(e) }, 'after-send step failed'));
    return finish('sent');
  } catch (e) {
    // The store or a builder failed, not Teams: leave it for a later pass.
    logger.error({ ...facts, error: errorName(e) }, 'could not process an outbox item; trying again later');
    const now = clock.now();
    await store.retryLater(item.key, holder, now + retryDelayMs(item.attempts + 1, c.random()), undefined, now).catch(() => undefined);
    return finish('retrying');
  }
}

/** Teams refused the send: retry later, pause the lane (the kind's choice for a recipient gone), or give up. */
async function failed(item: OutboxItem, kind: OutboxKind, e: NotifyError, c: DeliveryContext): Promise<SendOutcome> {
  const { store, holder, clock, logger } = c;
  const error: OutboxError = { status: e.status, code: e.code };
  const facts = { key: item.key, kind: item.kind, lane: item.lane, status: e.status, code: e.code };
  const now = clock.now();
  switch (classifyFailure(e)) {
    case 'retry': {
      const failures = item.attempts + 1;
      const retryAt = now + retryDelayMs(failures, c.random(), e.retryAfterMs);
      await store.retryLater(item.key, holder, retryAt, error, now);
      logger.warn({ ...facts, failures, retryAt: new Date(retryAt).toISOString() }, 'could not send an outbox item; will retry');
      return c.finish(item, 'retrying', error);
    }
    case 'gone': {
      const decision = (await kind.onGone?.(item, error)) ?? 'gone';
      if (decision === 'pause') {
        await store.pauseLane(item.lane, now);
        await store.retryLater(item.key, holder, now, error, now);
        return c.finish(item, 'paused', error);
      }
      await store.fail(item.key, holder, 'gone', error, now);
      logger.info(facts, 'recipient not reachable; outbox item dropped');
      return c.finish(item, 'gone', error);
    }
    default:
      await store.fail(item.key, holder, 'failed', error, now);
      logger.error(facts, 'Teams refused an outbox item for good; not retrying it');
      return c.finish(item, 'failed', error);
  }
}

function asNotifyError(e: unknown): NotifyError {
  return e instanceof NotifyError ? e : new NotifyError(undefined, undefined, undefined, errorName(e));
}

function errorName(e: unknown): string {
  return e instanceof Error ? e.name : typeof e;
}

function summaryOf(reply: Reply): string {
  return reply.kind === 'card' ? reply.summary : reply.text.slice(0, 80);
}
