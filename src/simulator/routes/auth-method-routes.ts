import { randomInt, randomUUID } from 'node:crypto';
import { badRequest, notFound } from '../http/graph-error';
import type { Router } from '../http/router';
import { renderMethod } from '../render/auth-method';
import { temporaryAccessPass } from '../seed/methods';
import type { Tenant } from '../tenant';
import type { SimUser } from '../sim-types';
import { requireUser } from './user-routes';

// Mixed alphabet without look-alikes (0/O, 1/l/I), like real TAP codes such as "k7#Vq2pX".
const TAP_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789#$%&@!?+=';

export function generateTapCode(length: number): string {
  let code = '';
  for (let i = 0; i < length; i++) code += TAP_ALPHABET[randomInt(TAP_ALPHABET.length)];
  return code;
}

const policyDenied = () =>
  badRequest(
    'Converged UserCredentialPolicy does not allow creating or updating this authentication method. AuthMethodType [TemporaryAccessPass].',
    'badRequest',
  );

/** The policy targets users by group (or all_users); excludes win. */
function inTapPolicy(tenant: Tenant, user: SimUser): boolean {
  const policy = tenant.tapPolicy;
  if (policy.state !== 'enabled') return false;
  const groups = new Set(tenant.transitiveMemberOf(user.id).groups.map((g) => g.id));
  const targeted = (id: string) => id === 'all_users' || groups.has(id);
  return policy.includeTargets.some((t) => targeted(t.id)) && !policy.excludeTargets.some((t) => targeted(t.id));
}

/** Applies Graph's TAP POST rules and replaces any existing TAP (one per user). */
export function createTap(tenant: Tenant, user: SimUser, body: Record<string, unknown>) {
  const policy = tenant.tapPolicy;
  if (!inTapPolicy(tenant, user)) throw policyDenied();
  const lifetime = body.lifetimeInMinutes ?? policy.defaultLifetimeInMinutes;
  if (
    typeof lifetime !== 'number' ||
    !Number.isInteger(lifetime) ||
    lifetime < policy.minimumLifetimeInMinutes ||
    lifetime > policy.maximumLifetimeInMinutes
  ) {
    throw badRequest(
      `Invalid LifetimeInMinutes specified. The valid range between ${policy.minimumLifetimeInMinutes} and ${policy.maximumLifetimeInMinutes}.`,
      'badRequest',
    );
  }
  const usableOnce = body.isUsableOnce ?? policy.isUsableOnce;
  if (typeof usableOnce !== 'boolean') throw badRequest('Invalid value for isUsableOnce.', 'badRequest');
  if (policy.isUsableOnce && !usableOnce) {
    throw badRequest(
      'Multi-use Temporary Access Pass is not allowed by the authentication methods policy. Set isUsableOnce to true.',
      'badRequest',
    );
  }
  const nowIso = tenant.nowIso();
  let start = nowIso;
  if (body.startDateTime !== undefined) {
    if (typeof body.startDateTime !== 'string' || Number.isNaN(Date.parse(body.startDateTime)))
      throw badRequest('Invalid startDateTime.', 'badRequest');
    start = new Date(Date.parse(body.startDateTime)).toISOString();
  }
  const methods = tenant.methodsOf(user);
  const tap = temporaryAccessPass(randomUUID(), nowIso, start, lifetime, usableOnce, generateTapCode(policy.defaultLength));
  user.methods = [...methods.filter((m) => m.kind !== 'temporaryAccessPass'), tap];
  return tap;
}

export function registerAuthMethodRoutes(router: Router) {
  const base = '/users/:id/authentication';
  router.add('GET', `${base}/methods`, ({ req, tenant, params, context }) => {
    if ([...req.query.keys()].some((k) => k.startsWith('$')))
      throw badRequest('Query options are not supported on this resource.', 'badRequest');
    const user = requireUser(tenant, params[0]);
    const now = tenant.now();
    return {
      status: 200,
      body: {
        '@odata.context': context(`users('${user.id}')/authentication/methods`),
        value: tenant.methodsOf(user).map((m) => renderMethod(m, now, tenant.tapPolicy)),
      },
    };
  });

  router.add('GET', `${base}/temporaryAccessPassMethods`, ({ tenant, params, context }) => {
    const user = requireUser(tenant, params[0]);
    const taps = tenant.methodsOf(user).filter((m) => m.kind === 'temporaryAccessPass');
    return {
      status: 200,
      body: {
        '@odata.context': context(`users('${user.id}')/authentication/temporaryAccessPassMethods`),
        value: taps.map((m) => renderMethod(m, tenant.now(), tenant.tapPolicy)),
      },
    };
  });

  router.add('GET', `${base}/temporaryAccessPassMethods/:tapId`, ({ tenant, params, context }) => {
    const user = requireUser(tenant, params[0]);
    const tap = tenant.methodsOf(user).find((m) => m.kind === 'temporaryAccessPass' && m.id === params[1]);
    if (!tap) throw notFound(params[1]);
    return {
      status: 200,
      body: {
        '@odata.context': context(`users('${user.id}')/authentication/temporaryAccessPassMethods/$entity`),
        ...renderMethod(tap, tenant.now(), tenant.tapPolicy),
      },
    };
  });

  router.add('POST', `${base}/temporaryAccessPassMethods`, ({ req, tenant, params, context }) => {
    const user = requireUser(tenant, params[0]);
    const body = req.body ?? {};
    if (typeof body !== 'object' || Array.isArray(body)) throw badRequest('Invalid request body.', 'badRequest');
    const tap = createTap(tenant, user, body as Record<string, unknown>);
    return {
      status: 201,
      headers: { Location: `${req.baseUrl}/users/${user.id}/authentication/temporaryAccessPassMethods/${tap.id}` },
      body: {
        '@odata.context': context(`users('${user.id}')/authentication/temporaryAccessPassMethods/$entity`),
        ...renderMethod(tap, tenant.now(), tenant.tapPolicy, true),
      },
    };
  });

  router.add('DELETE', `${base}/temporaryAccessPassMethods/:tapId`, ({ tenant, params }) => {
    const user = requireUser(tenant, params[0]);
    const methods = tenant.methodsOf(user);
    if (!methods.some((m) => m.kind === 'temporaryAccessPass' && m.id === params[1])) throw notFound(params[1]);
    user.methods = methods.filter((m) => !(m.kind === 'temporaryAccessPass' && m.id === params[1]));
    return { status: 204 };
  });
}
