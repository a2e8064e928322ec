import { badRequest, errorForStatus, GraphHttpError, notFound } from '../http/graph-error';
import type { Router } from '../http/router';
import { option } from '../odata/query-options';
import type { Tenant } from '../tenant';
import type { SimInstallation, SimTeamsApp } from '../sim-types';
import { requireUser } from './user-routes';

const BIND = /\/appCatalogs\/teamsApps\/([^/?#]+)$/i;

const renderApp = (a: SimTeamsApp) => ({
  id: a.id,
  externalId: a.externalId,
  displayName: a.displayName,
  distributionMethod: a.distributionMethod,
});

/** The only filters the bot (and Microsoft's install guide) use: `teamsApp/id eq '…'` and `teamsApp/externalId eq '…'`. */
function appFilter(raw: string | undefined, prefix: string): ((a: SimTeamsApp) => boolean) | undefined {
  if (raw === undefined) return undefined;
  const m = new RegExp(`^\\s*${prefix}(id|externalId)\\s+eq\\s+'((?:[^']|'')*)'\\s*$`, 'i').exec(raw);
  if (!m) throw badRequest(`Invalid filter clause: '${raw}'.`);
  const value = m[2].replace(/''/g, "'");
  return m[1].toLowerCase() === 'id' ? (a) => a.id === value : (a) => a.externalId === value;
}

function requireInstallation(tenant: Tenant, userId: string, installationId: string): SimInstallation {
  const found = tenant.installationsOf(requireUser(tenant, userId)).find((i) => i.id === installationId);
  if (!found) throw notFound(installationId);
  return found;
}

/**
 * Installing an app in a user's personal scope and reading the 1:1 chat it opens, as
 * learn.microsoft.com/graph/api/userteamwork-post-installedapps, userteamwork-list-installedapps and
 * userscopeteamsappinstallation-get-chat describe; plus the catalog lookup an admin uses to find the app's id.
 * Installs are remembered. All of it counts in the Teams throttling bucket (30 requests per second).
 */
export function registerTeamworkRoutes(router: Router) {
  router.add('GET', '/appCatalogs/teamsApps', ({ req, tenant, context }) => {
    const keep = appFilter(option(req.query, '$filter'), '');
    const apps = [...tenant.teamsApps.values()].filter((a) => !keep || keep(a));
    return { status: 200, body: { '@odata.context': context('appCatalogs/teamsApps'), value: apps.map(renderApp) } };
  });

  router.add('POST', '/users/:id/teamwork/installedApps', ({ req, tenant, params }) => {
    const user = requireUser(tenant, params[0]);
    const bind = (req.body as Record<string, unknown> | undefined)?.['teamsApp@odata.bind'];
    const appId = typeof bind === 'string' ? BIND.exec(bind)?.[1] : undefined;
    if (!appId) throw badRequest("The request body must bind 'teamsApp@odata.bind' to /appCatalogs/teamsApps/{id}.");
    const app = tenant.teamsApps.get(decodeURIComponent(appId));
    if (!app) throw new GraphHttpError(404, 'NotFound', `The app '${decodeURIComponent(appId)}' was not found in the app catalog.`);
    if (tenant.installApp(user, app) === 'exists') throw errorForStatus(409, 'Conflict', 'The app is already installed for this user.');
    return { status: 201 };
  });

  router.add('GET', '/users/:id/teamwork/installedApps', ({ req, tenant, params, context }) => {
    const user = requireUser(tenant, params[0]);
    const expand = option(req.query, '$expand');
    if (expand !== undefined && expand.trim().toLowerCase() !== 'teamsapp') throw badRequest(`Expand '${expand}' is not supported here.`);
    const keep = appFilter(option(req.query, '$filter'), 'teamsApp/');
    const rows = tenant
      .installationsOf(user)
      .map((i) => ({ i, app: tenant.teamsApps.get(i.appId)! }))
      .filter(({ app }) => !keep || keep(app));
    return {
      status: 200,
      body: {
        '@odata.context': context(`users('${user.id}')/teamwork/installedApps${expand ? '(teamsApp())' : ''}`),
        value: rows.map(({ i, app }) => ({ id: i.id, ...(expand ? { teamsApp: renderApp(app) } : {}) })),
      },
    };
  });

  router.add('GET', '/users/:id/teamwork/installedApps/:installationId', ({ tenant, params, context }) => {
    const i = requireInstallation(tenant, params[0], params[1]);
    return { status: 200, body: { '@odata.context': context(`users('${i.userId}')/teamwork/installedApps/$entity`), id: i.id } };
  });

  router.add('GET', '/users/:id/teamwork/installedApps/:installationId/chat', ({ tenant, params, context }) => {
    const i = requireInstallation(tenant, params[0], params[1]);
    return {
      status: 200,
      body: {
        '@odata.context': context('chats/$entity'),
        id: i.chatId,
        topic: null,
        createdDateTime: i.installedDateTime,
        lastUpdatedDateTime: i.installedDateTime,
        chatType: 'oneOnOne',
        webUrl: `https://teams.microsoft.com/l/chat/${encodeURIComponent(i.chatId)}/0?tenantId=${tenant.tenantId}`,
        tenantId: tenant.tenantId,
        onlineMeetingInfo: null,
        viewpoint: null,
      },
    };
  });
}
