import { badRequest, notFound } from '../http/graph-error';
import { decodeSkipToken, encodeSkipToken, pageOf, queryWithout } from '../http/paging';
import type { RouteContext, Router } from '../http/router';
import { option, parseSelect, parseTop, project } from '../odata/query-options';
import {
  DIRECTORY_OBJECT_PROPERTIES,
  GROUP_DEFAULT,
  groupProperties,
  roleProperties,
  USER_DEFAULT_SELECT,
  userProperties,
} from '../render/user';
import type { SimGroup, SimRole, SimUser } from '../sim-types';
import { requireUser } from './user-routes';

type DirectoryObject = { kind: 'user'; value: SimUser } | { kind: 'group'; value: SimGroup } | { kind: 'role'; value: SimRole };

const TYPE_CASTS: Record<string, DirectoryObject['kind']> = {
  'microsoft.graph.user': 'user',
  'microsoft.graph.group': 'group',
  'microsoft.graph.directoryrole': 'role',
};

function renderObject(obj: DirectoryObject, select: string[] | undefined): Record<string, unknown> {
  if (obj.kind === 'user')
    return { '@odata.type': '#microsoft.graph.user', ...project(userProperties(obj.value), select, USER_DEFAULT_SELECT) };
  if (obj.kind === 'group')
    return { '@odata.type': '#microsoft.graph.group', ...project(groupProperties(obj.value), select, GROUP_DEFAULT) };
  const full = roleProperties(obj.value);
  return { '@odata.type': '#microsoft.graph.directoryRole', ...project(full, select, Object.keys(full)) };
}

/** Shared paging for directoryObject collections: $skiptoken replays the query, $top caps the page. */
function pagedObjects(ctx: RouteContext, objects: DirectoryObject[], defaultSize: number, resourcePath: string, cast?: string) {
  const { req, context } = ctx;
  const token = option(req.query, '$skiptoken');
  const state = token ? decodeSkipToken(token) : undefined;
  const query = state ? new URLSearchParams(state.query) : req.query;
  if (option(query, '$filter') !== undefined || option(query, '$search') !== undefined) {
    throw badRequest('Only $select, $top and $count are supported on this collection in the simulator.', 'Request_UnsupportedQuery');
  }
  const select = parseSelect(option(query, '$select'), DIRECTORY_OBJECT_PROPERTIES, 'microsoft.graph.directoryObject');
  const top = parseTop(option(query, '$top'), 999);
  const kind = cast ? TYPE_CASTS[cast.toLowerCase()] : undefined;
  if (cast && !kind) throw badRequest(`Resource not found for the segment '${cast}'.`);
  const items = kind ? objects.filter((o) => o.kind === kind) : objects;
  const originalQuery = state ? state.query : queryWithout(req.rawQuery, ['$skiptoken']);
  const offset = state?.offset ?? 0;
  const { page, nextLink } = pageOf(
    items,
    offset,
    top ?? defaultSize,
    (next) => `${req.baseUrl}/${resourcePath}?$skiptoken=${encodeSkipToken({ query: originalQuery, offset: next, eventual: false })}`,
  );
  const typeName = kind === 'group' ? 'groups' : kind === 'user' ? 'users' : kind === 'role' ? 'directoryRoles' : 'directoryObjects';
  const body: Record<string, unknown> = { '@odata.context': context(`${typeName}${select ? `(${select.join(',')})` : ''}`) };
  if (option(query, '$count') === 'true') body['@odata.count'] = items.length;
  if (nextLink) body['@odata.nextLink'] = nextLink;
  body.value = page.map((o) => renderObject(o, select));
  return { status: 200, body };
}

function memberOf(ctx: RouteContext): DirectoryObject[] {
  const user = requireUser(ctx.tenant, ctx.params[0]);
  const { groups, roles } = ctx.tenant.transitiveMemberOf(user.id);
  return [...groups.map((g) => ({ kind: 'group' as const, value: g })), ...roles.map((r) => ({ kind: 'role' as const, value: r }))];
}

function members(ctx: RouteContext): DirectoryObject[] {
  if (!ctx.tenant.groups.has(ctx.params[0])) throw notFound(ctx.params[0]);
  return ctx.tenant
    .transitiveMembers(ctx.params[0])
    .map((m) => ('userPrincipalName' in m ? { kind: 'user' as const, value: m } : { kind: 'group' as const, value: m }));
}

export function registerMembershipRoutes(router: Router) {
  router.add('GET', '/users/:id/transitiveMemberOf', (ctx) =>
    pagedObjects(ctx, memberOf(ctx), ctx.tenant.pageSizes.memberOf, `users/${encodeURIComponent(ctx.params[0])}/transitiveMemberOf`),
  );
  router.add('GET', '/users/:id/transitiveMemberOf/:cast', (ctx) =>
    pagedObjects(
      ctx,
      memberOf(ctx),
      ctx.tenant.pageSizes.memberOf,
      `users/${encodeURIComponent(ctx.params[0])}/transitiveMemberOf/${ctx.params[1]}`,
      ctx.params[1],
    ),
  );
  router.add('GET', '/groups/:id/transitiveMembers', (ctx) =>
    pagedObjects(ctx, members(ctx), ctx.tenant.pageSizes.members, `groups/${ctx.params[0]}/transitiveMembers`),
  );
  router.add('GET', '/groups/:id/transitiveMembers/:cast', (ctx) =>
    pagedObjects(
      ctx,
      members(ctx),
      ctx.tenant.pageSizes.members,
      `groups/${ctx.params[0]}/transitiveMembers/${ctx.params[1]}`,
      ctx.params[1],
    ),
  );

  router.add('POST', '/users/:id/checkMemberGroups', ({ req, tenant, params, context }) => {
    const user = requireUser(tenant, params[0]);
    const groupIds = (req.body as { groupIds?: unknown } | undefined)?.groupIds;
    if (!Array.isArray(groupIds) || groupIds.some((g) => typeof g !== 'string')) {
      throw badRequest("The request body must contain 'groupIds' as an array of strings.", 'Request_BadRequest');
    }
    if (groupIds.length > 20) throw badRequest('The number of groupIds exceeds the limit of 20.', 'Request_BadRequest');
    const mine = new Set(tenant.transitiveMemberOf(user.id).groups.map((g) => g.id.toLowerCase()));
    return {
      status: 200,
      body: { '@odata.context': context('Collection(Edm.String)'), value: groupIds.filter((id: string) => mine.has(id.toLowerCase())) },
    };
  });
}
