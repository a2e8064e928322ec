import type { ConnectorCall, ConnectorStandIn } from './connector-stand-in';

/** Bot Connector calls of the outage fan-out, per channel: new threads, thread replies, in-place updates. */
export function channelCalls(connector: ConnectorStandIn, channelId: string) {
  const ok = (c: ConnectorCall) => c.status < 300;
  const threads = connector.calls.filter(
    (c) => ok(c) && c.method === 'POST' && c.path === '/v3/conversations' && c.body?.channelData?.channel?.id === channelId,
  );
  // Only the threads the bot started (not replies to commands typed in other threads of the channel).
  const started = new Set(threads.map((c) => c.conversationId));
  const inThread = (c: ConnectorCall) => started.has(c.conversationId) && c.path.includes('/activities');
  return {
    threads,
    replies: connector.calls.filter((c) => ok(c) && c.method === 'POST' && inThread(c)),
    updates: connector.calls.filter((c) => ok(c) && c.method === 'PUT' && inThread(c)),
    refused: connector.calls.filter(
      (c) => !ok(c) && (c.body?.channelData?.channel?.id === channelId || c.conversationId.startsWith(channelId)),
    ),
  };
}

/** The Adaptive Card inside a create-conversation, a reply or an update. */
export function cardIn(call: ConnectorCall): any {
  return (call.body?.activity ?? call.body)?.attachments?.[0]?.content;
}
