import { badRequest, notFound } from '../http/graph-error';
import { decodeSkipToken, encodeSkipToken, pageOf, queryWithout } from '../http/paging';
import type { RouteContext, Router } from '../http/router';
import { option, parseSelect, parseTop, project } from '../odata/query-options';
import { DIRECTORY_OBJECT_PROPERTIES, GROUP_DEFAULT, groupProperties, USER_DEFAULT_SELECT, userProperties } from '../render/user';
import type { SimRole } from '../sim-types';

/**
 * Activated directory roles and their direct members, addressed by object id or by the documented
 * alternate key `directoryRoles(roleTemplateId='…')`. A template that isn't activated is a 404, as in Graph.
 */
export function registerDirectoryRoleRoutes(router: Router) {
  router.add('GET', '/directoryRoles/:key/members', (ctx) => roleMembers(ctx, findRole(ctx)));
  router.add('GET', '/directoryRoles/:key/members/:cast', (ctx) => {
    if (ctx.params[1].toLowerCase() !== 'microsoft.graph.user') throw badRequest(`Resource not found for the segment '${ctx.params[1]}'.`);
    return roleMembers(ctx, findRole(ctx), true);
  });
}

function findRole({ tenant, params }: RouteContext): SimRole {
  const key = params[0];
  const byTemplate = /^roleTemplateId=(.+)$/i.exec(key);
  const wanted = (byTemplate ? byTemplate[1] : key).toLowerCase();
  for (const role of tenant.roles.values()) {
    if ((byTemplate ? role.roleTemplateId : role.id).toLowerCase() === wanted) return role;
  }
  throw notFound(byTemplate ? `roleTemplateId=${byTemplate[1]}` : key);
}

function roleMembers(ctx: RouteContext, role: SimRole, usersOnly = false) {
  const { req, tenant, context } = ctx;
  const token = option(req.query, '$skiptoken');
  const state = token ? decodeSkipToken(token) : undefined;
  const query = state ? new URLSearchParams(state.query) : req.query;
  const select = parseSelect(option(query, '$select'), DIRECTORY_OBJECT_PROPERTIES, 'microsoft.graph.directoryObject');
  const top = parseTop(option(query, '$top'), 999);
  const objects = [...role.members].flatMap((id) => {
    const user = tenant.findUser(id);
    if (user) return [{ '@odata.type': '#microsoft.graph.user', ...project(userProperties(user), select, USER_DEFAULT_SELECT) }];
    const group = tenant.groups.get(id);
    if (group && !usersOnly)
      return [{ '@odata.type': '#microsoft.graph.group', ...project(groupProperties(group), select, GROUP_DEFAULT) }];
    return [];
  });
  const originalQuery = state ? state.query : queryWithout(req.rawQuery, ['$skiptoken']);
  const { page, nextLink } = pageOf(
    objects,
    state?.offset ?? 0,
    top ?? tenant.pageSizes.members,
    (next) =>
      `${req.baseUrl}/directoryRoles/${role.id}/members${usersOnly ? '/microsoft.graph.user' : ''}?$skiptoken=${encodeSkipToken({ query: originalQuery, offset: next, eventual: false })}`,
  );
  const body: Record<string, unknown> = { '@odata.context': context('directoryObjects') };
  if (nextLink) body['@odata.nextLink'] = nextLink;
  body.value = page;
  return { status: 200, body };
}
