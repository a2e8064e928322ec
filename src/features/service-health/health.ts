import { renderHealthCard } from './health-card';
import type { CommandInput } from '../../core/turn';
import { card, text, type Reply } from '../../core/reply';
import type { HealthIssue, ServiceOverview } from '../../domain/health-types';
import { withBanner } from '../../kit/card-parts';
import { isGraphDown } from '../../kit/last-known';
import { messages } from '../../kit/messages';
import type { Services } from '../../services';

const DAY_MS = 24 * 3_600_000;

/** `health [all]`: identity services and their incidents first, straight from Graph (one round trip each, together). */
export async function runHealth(input: CommandInput, services: Services): Promise<Reply[]> {
  const arg = input.args.trim().toLowerCase();
  if (arg && arg !== 'all') return [text(messages.usage('health [all]'))];
  const now = services.clock.now();
  const since = new Date(now - DAY_MS).toISOString();
  let all: ServiceOverview[];
  let issues: HealthIssue[];
  let banner: string | undefined;
  try {
    [all, issues] = await Promise.all([services.serviceHealth.listServices(), services.serviceHealth.listOpenOrChangedSince(since)]);
    await services.store.snapshots
      .put('health', [{ key: 'services', value: all, at: now, expiresAt: now + services.config.LAST_KNOWN_HOURS * 3_600_000 }])
      .catch(() => undefined);
  } catch (e) {
    // Graph failing: the poller's stored issues and the services as last seen, said to be so.
    if (!isGraphDown(e)) throw e;
    const [kept, polled, open, changed] = await Promise.all([
      services.store.snapshots.get<ServiceOverview[]>('health', 'services', now),
      services.store.snapshots.get('health', 'polled', now),
      services.store.health.issues.openIssues(),
      services.store.health.issues.issuesChangedSince(since),
    ]);
    if (!polled && !kept) throw e;
    all = kept?.value ?? [];
    issues = [...new Map([...open, ...changed].map((i) => [i.id, i])).values()];
    banner = messages.lastKnown(polled?.at ?? kept!.at, now);
  }
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
  const shown = renderHealthCard(view);
  return [card(banner ? withBanner(shown, banner, 'warning') : shown, 'Microsoft 365 service health')];
}
