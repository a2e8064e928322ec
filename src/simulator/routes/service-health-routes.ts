import { badRequest, GraphHttpError } from '../http/graph-error';
import { pageOf, queryWithout } from '../http/paging';
import type { Router } from '../http/router';
import { compileFilter, type FilterSchema } from '../odata/evaluate-filter';
import { option, parseOrderBy, parseTop, sortBy } from '../odata/query-options';
import type { Tenant } from '../tenant';
import type { ServiceHealthIssue, ServiceOverview } from '../sim-types';

const STR = { type: 'string' } as const;
const ISSUE_SCHEMA: FilterSchema = {
  entity: 'microsoft.graph.serviceHealthIssue',
  resource: 'serviceHealthIssue',
  props: {
    id: STR,
    title: STR,
    service: STR,
    feature: STR,
    featureGroup: STR,
    classification: STR,
    status: STR,
    origin: STR,
    impactDescription: STR,
    isResolved: { type: 'boolean' },
    startDateTime: { type: 'datetime' },
    endDateTime: { type: 'datetime' },
    lastModifiedDateTime: { type: 'datetime' },
    details: { type: 'stringCollection', notFilterable: "Invalid filter clause: filtering on property 'details' is not supported." },
  },
};
const ISSUE_SORTABLE = ['lastModifiedDateTime', 'startDateTime', 'endDateTime', 'id', 'title', 'service', 'status', 'classification'];

/** A service shows the status of its newest unresolved issue, otherwise serviceOperational. */
function overviewStatus(tenant: Tenant, overview: ServiceOverview): string {
  const open = tenant.issues
    .filter((i) => !i.isResolved && i.service.toLowerCase() === overview.service.toLowerCase())
    .sort((a, b) => b.lastModifiedDateTime.localeCompare(a.lastModifiedDateTime));
  return open[0]?.status ?? 'serviceOperational';
}

function renderOverview(tenant: Tenant, o: ServiceOverview, expandIssues: boolean) {
  const body: Record<string, unknown> = { service: o.service, status: overviewStatus(tenant, o), id: o.id };
  if (expandIssues) body.issues = tenant.issues.filter((i) => i.service.toLowerCase() === o.service.toLowerCase());
  return body;
}

function wantsIssues(expand: string | undefined): boolean {
  if (expand === undefined) return false;
  if (expand.trim().toLowerCase() !== 'issues')
    throw badRequest(`Could not find a property named '${expand}' on type 'microsoft.graph.serviceHealth'.`);
  return true;
}

/** `Prefer: odata.maxpagesize=n` (n ≤ 1000) lowers the page size, as the docs describe. */
function preferredPageSize(prefer: string | undefined, fallback: number): number {
  const m = /odata\.maxpagesize=(\d+)/i.exec(prefer ?? '');
  return m ? Math.min(Number(m[1]), 1000) || fallback : fallback;
}

export function registerServiceHealthRoutes(router: Router) {
  const base = '/admin/serviceAnnouncement';
  router.add('GET', `${base}/healthOverviews`, ({ req, tenant, context }) => {
    const expand = wantsIssues(option(req.query, '$expand'));
    return {
      status: 200,
      body: {
        '@odata.context': context(`admin/serviceAnnouncement/healthOverviews${expand ? '(issues())' : ''}`),
        value: tenant.overviews.map((o) => renderOverview(tenant, o, expand)),
      },
    };
  });

  router.add('GET', `${base}/healthOverviews/:id`, ({ req, tenant, params, context }) => {
    const expand = wantsIssues(option(req.query, '$expand'));
    const overview = tenant.overviews.find((o) => o.id.toLowerCase() === params[0].toLowerCase());
    if (!overview) throw new GraphHttpError(404, 'NotFound', `Service '${params[0]}' was not found.`);
    return {
      status: 200,
      body: {
        '@odata.context': context(`admin/serviceAnnouncement/healthOverviews${expand ? '(issues())' : ''}/$entity`),
        ...renderOverview(tenant, overview, expand),
      },
    };
  });

  router.add('GET', `${base}/issues`, ({ req, tenant, context }) => {
    const filterText = option(req.query, '$filter');
    const filter =
      filterText !== undefined
        ? compileFilter<ServiceHealthIssue>(filterText, ISSUE_SCHEMA, (issue, prop) => issue[prop as keyof ServiceHealthIssue])
        : undefined;
    const order = parseOrderBy(option(req.query, '$orderby'), ISSUE_SORTABLE);
    const top = parseTop(option(req.query, '$top'), 1000);
    const skipText = option(req.query, '$skip') ?? '0';
    const skip = Number(skipText);
    if (!Number.isInteger(skip) || skip < 0) throw badRequest(`Invalid value '${skipText}' for $skip.`);
    let issues = filter ? tenant.issues.filter(filter.test) : [...tenant.issues];
    issues = sortBy(issues, order, (i, p) => i[p as keyof ServiceHealthIssue]);
    if (top !== undefined) issues = issues.slice(0, top);
    const size = preferredPageSize(req.headers['prefer'], tenant.pageSizes.issues);
    const rest = queryWithout(req.rawQuery, ['$skip']);
    const { page, nextLink } = pageOf(issues, skip, size, (next) => `${req.baseUrl}${base}/issues?${rest ? `${rest}&` : ''}$skip=${next}`);
    const body: Record<string, unknown> = { '@odata.context': context('admin/serviceAnnouncement/issues') };
    if (nextLink) body['@odata.nextLink'] = nextLink;
    body.value = page;
    return { status: 200, body };
  });

  router.add('GET', `${base}/issues/:id`, ({ tenant, params, context }) => {
    const issue = tenant.findIssue(params[0]);
    if (!issue) throw new GraphHttpError(404, 'NotFound', `Issue '${params[0]}' was not found.`);
    return { status: 200, body: { '@odata.context': context('admin/serviceAnnouncement/issues/$entity'), ...issue } };
  });
}
