import { systemClock, type Clock } from '../core/clock';
import type { HealthIssue, ServiceOverview } from '../domain/health-types';
import type { ServiceHealth } from '../ports/service-health';
import type { GraphGateway } from './graph-gateway';

type RawIssue = {
  id: string;
  title?: string | null;
  service?: string | null;
  feature?: string | null;
  featureGroup?: string | null;
  classification?: string | null;
  status?: string | null;
  impactDescription?: string | null;
  isResolved?: boolean | null;
  startDateTime?: string | null;
  endDateTime?: string | null;
  lastModifiedDateTime?: string | null;
  posts?: Array<{ createdDateTime?: string | null; description?: { content?: string | null } | null }> | null;
};

const PART = 'Microsoft 365 service health';
const SELECT =
  'id,title,service,feature,featureGroup,classification,status,impactDescription,isResolved,startDateTime,endDateTime,lastModifiedDateTime,posts';
const PAGE = { Prefer: 'odata.maxpagesize=200' };

/**
 * The ServiceHealth port over Graph's service communications (ServiceHealth.Read.All). Graph allows 240 calls
 * a minute and 800 an hour per app per tenant here, so the service list is cached briefly and issues are read
 * by change time.
 */
export class GraphServiceHealth implements ServiceHealth {
  private cache: { at: number; services: ServiceOverview[] } | undefined;

  constructor(
    private readonly graph: GraphGateway,
    private readonly clock: Pick<Clock, 'now'> = systemClock,
    private readonly ttlMs = 60_000,
  ) {}

  async listServices(): Promise<ServiceOverview[]> {
    if (this.cache && this.clock.now() - this.cache.at < this.ttlMs) return this.cache.services;
    const raw = await this.graph.all<{ id: string; service?: string; status?: string }>({
      part: PART,
      path: '/admin/serviceAnnouncement/healthOverviews',
      query: { $select: 'id,service,status' },
    });
    const services = raw.map((s) => ({ id: s.id, service: s.service ?? s.id, status: lowerFirst(s.status ?? 'serviceOperational') }));
    this.cache = { at: this.clock.now(), services };
    return services;
  }

  async listIssuesChangedSince(sinceIso: string): Promise<HealthIssue[]> {
    return this.issues(`lastModifiedDateTime ge ${sinceIso}`);
  }

  async listOpenIssues(): Promise<HealthIssue[]> {
    return this.issues('isResolved eq false');
  }

  async listOpenOrChangedSince(sinceIso: string): Promise<HealthIssue[]> {
    return this.issues(`isResolved eq false or lastModifiedDateTime ge ${sinceIso}`);
  }

  private async issues(filter: string): Promise<HealthIssue[]> {
    const raw = await this.graph.all<RawIssue>({
      part: PART,
      path: '/admin/serviceAnnouncement/issues',
      query: { $filter: filter, $select: SELECT },
      headers: PAGE,
    });
    return raw.map(toIssue);
  }
}

export function toIssue(r: RawIssue): HealthIssue {
  const posts = (r.posts ?? [])
    .map((p) => ({ createdDateTime: p.createdDateTime ?? '', html: p.description?.content ?? '' }))
    // Post order is not documented; oldest first keeps "post N" stable between polls.
    .sort((a, b) => a.createdDateTime.localeCompare(b.createdDateTime));
  return {
    id: r.id,
    title: r.title ?? '',
    service: r.service ?? '',
    feature: r.feature ?? '',
    featureGroup: r.featureGroup ?? '',
    classification: (r.classification ?? 'incident').toLowerCase(),
    status: lowerFirst(r.status ?? 'investigating'),
    impactDescription: r.impactDescription ?? '',
    isResolved: Boolean(r.isResolved),
    startDateTime: r.startDateTime ?? '',
    endDateTime: r.endDateTime ?? null,
    lastModifiedDateTime: isoOrAsIs(r.lastModifiedDateTime ?? ''),
    posts,
  };
}

/** One spelling (full milliseconds) so stored change times compare as strings: Graph may send `…12.5Z`. */
function isoOrAsIs(s: string): string {
  const t = Date.parse(s);
  return Number.isNaN(t) ? s : new Date(t).toISOString();
}

/** Graph documents camelCase enums but its examples print PascalCase; store one spelling. */
function lowerFirst(s: string): string {
  return s ? s[0].toLowerCase() + s.slice(1) : s;
}
