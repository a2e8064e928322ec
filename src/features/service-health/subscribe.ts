import type { CommandInput, ConversationInfo } from '../../core/turn';
import { text, type Reply } from '../../core/reply';
import type { SubscriptionTarget } from '../../domain/health-types';
import { describeTarget, findService } from '../../domain/identity-services';
import { healthMessages } from './health-messages';
import type { Services } from '../../services';

/** A channel is one subscription whichever thread the command was typed in; a chat is its conversation. */
export function subscriptionKey(c: ConversationInfo): string {
  return c.kind === 'channel' && c.channelId ? c.channelId : c.id;
}

const where = (c: ConversationInfo) => (c.kind === 'channel' ? 'this channel' : c.kind === 'groupChat' ? 'this chat' : 'our chat');

/** `subscribe [all|<service>]`: identity services by default; a named service must be one Graph reports. */
export async function runSubscribe(input: CommandInput, services: Services): Promise<Reply[]> {
  const arg = input.args.trim();
  let target: SubscriptionTarget;
  if (!arg || /^identity$/i.test(arg)) target = { kind: 'identity' };
  else if (/^all$/i.test(arg)) target = { kind: 'all' };
  else {
    const known = await services.serviceHealth.listServices();
    const found = findService(arg, known);
    if (!found)
      return [
        text(
          healthMessages.unknownService(
            arg,
            known.map((s) => s.service),
          ),
        ),
      ];
    target = { kind: 'service', serviceId: found.id, service: found.service };
  }
  const c = input.conversation;
  await services.store.health.subscriptions.addTarget(
    {
      key: subscriptionKey(c),
      kind: c.kind,
      tenantId: c.tenantId,
      serviceUrl: c.serviceUrl,
      conversationId: c.id,
      teamId: c.teamId,
      channelId: c.channelId,
      reference: c.reference,
      createdBy: input.requester.aadObjectId,
    },
    target,
    services.clock.now(),
  );
  services.logger.info(
    { subscription: subscriptionKey(c), kind: c.kind, target: target.kind, by: input.requester.aadObjectId },
    'service health subscription added',
  );
  return [text(healthMessages.subscribed(where(c), describeTarget(target), services.config.POLL_INTERVAL_SECONDS))];
}

/** `unsubscribe [all|<service>]`: everything by default. */
export async function runUnsubscribe(input: CommandInput, services: Services): Promise<Reply[]> {
  const key = subscriptionKey(input.conversation);
  const arg = input.args.trim();
  const sub = await services.store.health.subscriptions.get(key);
  if (!sub) return [text(healthMessages.notSubscribed(where(input.conversation)))];
  let target: SubscriptionTarget | undefined;
  if (arg && !/^all$/i.test(arg)) {
    target = sub.targets.find((t) =>
      t.kind === 'service' ? findService(arg, [{ id: t.serviceId, service: t.service, status: '' }]) : t.kind === arg.toLowerCase(),
    );
    if (!target) return [text(healthMessages.notSubscribedTo(arg, sub.targets.map(describeTarget)))];
  }
  await services.store.health.subscriptions.removeTargets(key, target);
  return [text(target ? healthMessages.unsubscribedFrom(describeTarget(target)) : healthMessages.unsubscribed(where(input.conversation)))];
}

/** `subscriptions`: what this conversation follows, and whether the bot can still post here. */
export async function runSubscriptions(input: CommandInput, services: Services): Promise<Reply[]> {
  const sub = await services.store.health.subscriptions.get(subscriptionKey(input.conversation));
  if (!sub) return [text(healthMessages.notSubscribed(where(input.conversation)))];
  return [text(healthMessages.subscriptionList(where(input.conversation), sub.targets.map(describeTarget), sub.active))];
}
