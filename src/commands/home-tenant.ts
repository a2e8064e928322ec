import type { Config } from '../config';
import type { ConversationInfo } from '../core/turn';

/**
 * The bot reads one tenant's directory. A multi-tenant bot registration lets any organisation's Teams
 * talk to it, so activities from another tenant must never reach a command that reads Graph.
 * Unknown (no tenant configured, as in the demo) means no restriction.
 */
export function homeTenant(config: Config): string | undefined {
  return (config.BOT_TENANT_ID ?? config.GRAPH_TENANT_ID)?.toLowerCase();
}

/** With a home tenant known, an activity that names another tenant, or none, is foreign. */
export function isForeignTenant(conversation: ConversationInfo, config: Config): boolean {
  const home = homeTenant(config);
  return Boolean(home && conversation.tenantId?.toLowerCase() !== home);
}
