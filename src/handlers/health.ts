import { renderHealthCard } from '../cards/health-card';
import type { CommandInput } from '../core/turn';
import { card, text, type Reply } from '../core/reply';
import type { HealthIssue } from '../domain/health-types';
import { messages } from '../messages';
import type { Services } from '../services';
import { openIssuesFromMemory } from '../poller/known-issues';

const DAY_MS = 24 * 3_600_000;

/** `health [all]`: identity services and their incidents first, straight from Graph (one round trip each, together). */
export async function runHealth(input: CommandInput, services: Services): Promise<Reply[]> {
  const arg = input.args.trim().toLowerCase();
  if (arg && arg !== 'all') return [text(messages.usage('health [all]'))];
  const now = services.clock.now();
  const since = new Date(now - DAY_MS).toISOString();
  const [all, issues] = await Promise.all([services.serviceHealth.listServices(), services.serviceHealth.listOpenOrChangedSince(since)]);
  const id = services.identityServices;
  const identityFirst = (a: HealthIssue, b: HealthIssue) =>
    Number(id.isIdentityIssue(b)) - Number(id.isIdentityIssue(a)) || b.lastModifiedDateTime.localeCompare(a.lastModifiedDateTime);
  const view = {
    identity: all.filter((s) => id.isIdentityService(s)),
    others: arg === 'all' ? all.filter((s) => !id.isIdentityService(s)) : undefined,
    active: issues
      .filter((i) => !i.isResolved && (arg === 'all' || id.isIdentityIssue(i) || i.classification === 'incident'))
      .sort(identityFirst),
    recentlyResolved: issues.filter((i) => i.isResolved && (i.endDateTime ?? i.lastModifiedDateTime) >= since).sort(identityFirst),
    now,
  };
  return [card(renderHealthCard(view), 'Microsoft 365 service health')];
}

/** The open identity incident the poller last saw, for banners elsewhere: no Graph call, and no store read per turn. */
export async function activeIdentityIncident(services: Services): Promise<{ id: string; title: string } | undefined> {
  const open = (await openIssuesFromMemory(services.store.health.issues, services.clock.now())).filter((i) =>
    services.identityServices.isIdentityIssue(i),
  );
  const pick = open.find((i) => i.classification === 'incident') ?? open[0];
  return pick ? { id: pick.id, title: pick.title } : undefined;
}
