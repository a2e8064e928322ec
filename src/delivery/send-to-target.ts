import type { Reply } from '../core/reply';
import type { Notifier } from '../ports/notifier';
import type { OutboxResult } from '../ports/outbox-store';
import type { SendTarget } from './resolve-target';

/** One Bot Connector call for one resolved target. An in-place update lands where it was. */
export async function sendToTarget(notifier: Notifier, target: SendTarget, reply: Reply): Promise<OutboxResult> {
  switch (target.kind) {
    case 'conversation':
      return notifier.send(target.ref, reply);
    case 'newThread':
      return notifier.startThread(target.ref, target.channelId, reply);
    case 'user':
      return notifier.sendToUser({ aadObjectId: target.aadObjectId, tenantId: target.tenantId, serviceUrl: target.serviceUrl }, reply);
    case 'update':
      await notifier.update(target.ref, target.activityId, reply);
      return { activityId: target.activityId, ref: target.ref };
  }
}
