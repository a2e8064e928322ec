/**
 * Microsoft's documented per-app-per-tenant Graph limits for the services the bot calls
 * ("Microsoft Graph service-specific throttling limits", https://learn.microsoft.com/graph/throttling-limits).
 * Configurable because Microsoft says the figures change; the format is `<limit>/<seconds>s`, several
 * windows comma-separated.
 */
export interface GraphLimitSettings {
  /** Identity and access reports: registration report, sign-in logs, every user's authentication methods. */
  reports: string;
  /** Identity protection and conditional access: 1 request per second per tenant, for all apps together. */
  conditionalAccess: string;
  /** Service communications (service health). */
  serviceHealth: string;
  /** Teams calls (installedApps, chats). */
  teams: string;
}

export const DOCUMENTED_LIMITS: GraphLimitSettings = {
  reports: '5/10s',
  conditionalAccess: '1/1s',
  serviceHealth: '240/60s,800/3600s',
  teams: '30/1s',
};

/** "240/60s,800/3600s" → windows; throws with a sentence naming the bad part (config reports it). */
export function parseWindows(text: string): Array<{ limit: number; spanMs: number }> {
  return text.split(',').map((part) => {
    const m = /^\s*(\d+)\s*\/\s*(\d+(?:\.\d+)?)\s*s\s*$/i.exec(part);
    if (!m || Number(m[1]) < 1 || Number(m[2]) <= 0) throw new Error(`"${part.trim()}" is not a limit like 5/10s`);
    return { limit: Number(m[1]), spanMs: Number(m[2]) * 1000 };
  });
}
