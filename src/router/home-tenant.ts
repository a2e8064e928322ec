import type { Config } from '../config';
import type { ConversationInfo } from '../core/turn';
import type { Logger } from '../logger';

/**
 * The bot reads one tenant's directory. A multi-tenant bot registration lets any organisation's Teams
 * talk to it, so activities from another tenant must never reach a command that reads Graph.
 * Unknown (no tenant configured, as in the demo) means no restriction.
 */
export function homeTenant(config: Config): string | undefined {
  return (config.BOT_TENANT_ID ?? config.GRAPH_TENANT_ID)?.toLowerCase();
}

/**
 * With a home tenant known: `foreign` when the activity names another tenant, or none; `mismatch` when it names
 * the home tenant in one place (conversation.tenantId) and another in the other (channelData.tenant.id).
 * Either is refused: a sender that disagrees with itself about its organisation is not vouched for.
 */
export function tenantProblem(conversation: ConversationInfo, config: Config): 'foreign' | 'mismatch' | undefined {
  const home = homeTenant(config);
  if (!home) return undefined;
  if (conversation.tenantId?.toLowerCase() !== home) return 'foreign';
  return (conversation.tenantIds ?? []).some((t) => t.toLowerCase() !== home) ? 'mismatch' : undefined;
}

/** With a home tenant known, an activity that names another tenant (anywhere), or none, is foreign. */
export function isForeignTenant(conversation: ConversationInfo, config: Config): boolean {
  return tenantProblem(conversation, config) !== undefined;
}

/** The operator's log line for a refused tenant (the ids are the organisations', not anyone's personal data). */
export function logTenantRefusal(problem: 'foreign' | 'mismatch', conversation: ConversationInfo, logger: Logger): void {
  if (problem === 'mismatch')
    logger.warn({ tenants: conversation.tenantIds }, 'refused: the activity names two different tenants (conversation and channelData)');
  else logger.warn({ tenant: conversation.tenantId }, 'refused: message from another tenant');
}
