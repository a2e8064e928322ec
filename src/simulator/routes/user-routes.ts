import { notFound } from '../http/graph-error';
import { decodeSkipToken, encodeSkipToken, pageOf, queryWithout } from '../http/paging';
import type { Router } from '../http/router';
import { option, parseSelect, parseTop, project } from '../odata/query-options';
import { USER_DEFAULT_SELECT, USER_PROPERTIES, userProperties } from '../render/user';
import type { Tenant } from '../tenant';
import type { GraphRequest, SimUser } from '../sim-types';
import { queryUsers } from './user-query';

export const isEventual = (req: GraphRequest) => (req.headers['consistencylevel'] ?? '').toLowerCase() === 'eventual';

export function requireUser(tenant: Tenant, idOrUpn: string): SimUser {
  const user = tenant.findUser(idOrUpn);
  if (!user) throw notFound(idOrUpn);
  return user;
}

const selectSuffix = (select?: string[]) => (select ? `(${select.join(',')})` : '');

export function registerUserRoutes(router: Router) {
  router.add('GET', '/users', ({ req, tenant, context }) => {
    // A $skiptoken replays the original query, so the client can follow nextLink verbatim.
    const token = option(req.query, '$skiptoken');
    const state = token ? decodeSkipToken(token) : undefined;
    const query = state ? new URLSearchParams(state.query) : req.query;
    const eventual = state?.eventual || isEventual(req);
    const select = parseSelect(option(query, '$select'), USER_PROPERTIES, 'microsoft.graph.user');
    const top = parseTop(option(query, '$top'), 999);
    const matched = queryUsers(tenant.users, query, eventual);
    const offset = state?.offset ?? 0;
    const originalQuery = state ? state.query : queryWithout(req.rawQuery, ['$skiptoken']);
    const { page, nextLink } = pageOf(
      matched,
      offset,
      top ?? tenant.pageSizes.users,
      (next) => `${req.baseUrl}/users?$skiptoken=${encodeSkipToken({ query: originalQuery, offset: next, eventual })}`,
    );
    const body: Record<string, unknown> = { '@odata.context': context(`users${selectSuffix(select)}`) };
    if (option(query, '$count') === 'true') body['@odata.count'] = matched.length;
    if (nextLink) body['@odata.nextLink'] = nextLink;
    body.value = page.map((u) => project(userProperties(u), select, USER_DEFAULT_SELECT));
    return { status: 200, body };
  });

  router.add('GET', '/users/:id', ({ req, tenant, params, context }) => {
    const user = requireUser(tenant, params[0]);
    const select = parseSelect(option(req.query, '$select'), USER_PROPERTIES, 'microsoft.graph.user');
    return {
      status: 200,
      body: {
        '@odata.context': context(`users${selectSuffix(select)}/$entity`),
        ...project(userProperties(user), select, USER_DEFAULT_SELECT),
      },
    };
  });

  router.add('GET', '/users/:id/manager', ({ req, tenant, params, context }) => {
    const user = requireUser(tenant, params[0]);
    const manager = user.managerId ? tenant.findUser(user.managerId) : undefined;
    if (!manager) throw notFound('manager');
    const select = parseSelect(option(req.query, '$select'), USER_PROPERTIES, 'microsoft.graph.directoryObject');
    return {
      status: 200,
      body: {
        '@odata.context': context(`directoryObjects${selectSuffix(select)}/$entity`),
        '@odata.type': '#microsoft.graph.user',
        ...project(userProperties(manager), select, USER_DEFAULT_SELECT),
      },
    };
  });
}
