import type { CallLog } from './calls';
import type { Faults } from './faults';
import { errorForStatus, errorResponse, newRequestId, toGraphError } from './http/graph-error';
import { Router } from './http/router';
import { registerAuthMethodRoutes } from './routes/auth-method-routes';
import { registerDirectoryRoleRoutes } from './routes/directory-role-routes';
import { runBatch } from './routes/batch-route';
import { registerMembershipRoutes } from './routes/membership-routes';
import { registerPolicyRoutes } from './routes/policy-routes';
import { registerReportRoutes } from './routes/report-routes';
import { registerServiceHealthRoutes } from './routes/service-health-routes';
import { registerSignInRoutes } from './routes/sign-in-routes';
import { registerUserRoutes } from './routes/user-routes';
import { registerTeamworkRoutes } from './routes/teamwork-routes';
import type { Tenant } from './tenant';
import type { Throttle } from './throttling/throttle';
import type { GraphRequest, GraphResponse } from './sim-types';

export const GRAPH_CONTENT_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

export function createGraphRouter(): Router {
  const router = new Router();
  registerUserRoutes(router);
  registerMembershipRoutes(router);
  registerDirectoryRoleRoutes(router);
  registerAuthMethodRoutes(router);
  registerReportRoutes(router);
  registerPolicyRoutes(router);
  registerServiceHealthRoutes(router);
  registerTeamworkRoutes(router);
  registerSignInRoutes(router);
  return router;
}

/**
 * One Graph request, in order: outage switch → injected fault → auth → throttling → route → record.
 * $batch items come back through here with viaBatch, so faults apply per item.
 */
export function createGraphPipeline(deps: {
  tenant: Tenant;
  faults: Faults;
  calls: CallLog;
  throttle: Throttle;
  requireAuth: boolean;
  /** Injected delays wait on the simulator's clock and never keep the process alive. */
  sleep: (ms: number) => Promise<void>;
}) {
  const router = createGraphRouter();

  async function dispatch(req: GraphRequest, viaBatch: boolean): Promise<GraphResponse> {
    const requestId = newRequestId();
    const clientRequestId = req.headers['client-request-id'] ?? requestId;
    let res: GraphResponse;
    try {
      res = await respond(req, viaBatch);
    } catch (err) {
      res = errorResponse(toGraphError(err), requestId, clientRequestId);
    }
    if (res.status === 204) delete res.body;
    // An empty answer (204, or the 201 of an app install) carries no content type, as Graph's doesn't.
    res.headers = {
      ...(res.body === undefined ? {} : { 'Content-Type': GRAPH_CONTENT_TYPE }),
      'request-id': requestId,
      'client-request-id': clientRequestId,
      ...res.headers,
    };
    deps.calls.record({
      at: deps.tenant.nowIso(),
      method: req.method,
      path: req.path,
      query: req.rawQuery,
      status: res.status,
      hasAuthorization: Boolean(req.headers.authorization),
      viaBatch,
      ...(req.method === 'POST' ? { body: req.body } : {}),
    });
    return res;
  }

  async function respond(req: GraphRequest, viaBatch: boolean): Promise<GraphResponse> {
    if (deps.faults.isServiceDown) throw errorForStatus(503, undefined, undefined, { 'Retry-After': '5' });
    const fault = deps.faults.take(req.method, req.path);
    if (fault?.delayMs) await deps.sleep(fault.delayMs);
    if (fault?.status) {
      const retryAfter = fault.retryAfterSeconds ?? ([429, 503].includes(fault.status) ? 1 : undefined);
      throw errorForStatus(fault.status, fault.code, fault.message, retryAfter !== undefined ? { 'Retry-After': String(retryAfter) } : {});
    }
    if (!viaBatch && deps.requireAuth && !/^Bearer \S+/i.test(req.headers.authorization ?? '')) {
      throw errorForStatus(401, 'InvalidAuthenticationToken', 'Access token is empty.');
    }
    if (!viaBatch && /^\/(\$|%24)batch\/?$/i.test(req.path)) {
      if (req.method !== 'POST') throw errorForStatus(405);
      return runBatch(req, (item) => dispatch(item, true));
    }
    // After $batch is unpacked: Graph counts each batch item against its service's limit on its own.
    const throttled = deps.throttle.admit(req.method, req.path, req.query, req.headers.authorization);
    if (throttled) throw throttled;
    return router.handle(req, deps.tenant);
  }

  return { dispatch: (req: GraphRequest) => dispatch(req, false) };
}
