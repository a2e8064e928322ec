/**
 * A subscription's incident posts go out in one outbox lane of their own, in order. Named here once: the poller
 * enqueues and resumes them, and a conversation the bot is added back to resumes its lane at once.
 */
export const incidentLane = (subscriptionKey: string) => `health:${subscriptionKey}`;
export const subscriptionOfLane = (lane: string) => (lane.startsWith('health:') ? lane.slice('health:'.length) : undefined);
