import { notFound } from '../http/graph-error';
import type { Router } from '../http/router';

export function registerPolicyRoutes(router: Router) {
  router.add(
    'GET',
    '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/temporaryAccessPass',
    ({ tenant, context }) => ({
      status: 200,
      body: {
        '@odata.context': context('policies/authenticationMethodsPolicy/authenticationMethodConfigurations/$entity'),
        '@odata.type': '#microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration',
        id: 'TemporaryAccessPass',
        ...tenant.tapPolicy,
      },
    }),
  );

  router.add('GET', '/identity/conditionalAccess/policies', ({ tenant, context }) => ({
    status: 200,
    body: { '@odata.context': context('identity/conditionalAccess/policies'), value: tenant.conditionalAccessPolicies },
  }));

  router.add('GET', '/identity/conditionalAccess/policies/:id', ({ tenant, params, context }) => {
    const policy = tenant.conditionalAccessPolicies.find((p) => p.id.toLowerCase() === params[0].toLowerCase());
    if (!policy) throw notFound(params[0]);
    return { status: 200, body: { '@odata.context': context('identity/conditionalAccess/policies/$entity'), ...policy } };
  });
}
