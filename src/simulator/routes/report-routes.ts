import { notFound } from '../http/graph-error';
import { decodeSkipToken, encodeSkipToken, pageOf, queryWithout } from '../http/paging';
import type { Router } from '../http/router';
import { compileFilter, type FilterSchema } from '../odata/evaluate-filter';
import { option, parseOrderBy, rejectUnsupportedOptions, sortBy } from '../odata/query-options';
import { registrationDetails } from '../render/registration-details';

const BOOL = { type: 'boolean', ops: ['eq'] } as const;
const ANY = { type: 'stringCollection', ops: ['any', 'eq'] } as const;
const NAME = { type: 'string', ops: ['eq', 'startswith'] } as const;

/** Only what the report documents as filterable (facts sheet §2). */
const REPORT_SCHEMA: FilterSchema = {
  entity: 'microsoft.graph.userRegistrationDetails',
  resource: 'userRegistrationDetails',
  props: {
    isMfaCapable: BOOL,
    isMfaRegistered: BOOL,
    isPasswordlessCapable: BOOL,
    isSsprCapable: BOOL,
    isSsprEnabled: BOOL,
    isSsprRegistered: BOOL,
    isSystemPreferredAuthenticationMethodEnabled: BOOL,
    isAdmin: BOOL,
    methodsRegistered: ANY,
    systemPreferredAuthenticationMethods: ANY,
    userPreferredMethodForSecondaryAuthentication: { type: 'string', ops: ['eq', 'any'] },
    userPrincipalName: NAME,
    userDisplayName: NAME,
    userType: { type: 'string', ops: ['eq'] },
    id: { type: 'guid', ops: ['eq'] },
  },
};
const SORTABLE = ['userPrincipalName', 'userDisplayName', 'lastUpdatedDateTime'];

export function registerReportRoutes(router: Router) {
  const path = '/reports/authenticationMethods/userRegistrationDetails';
  router.add('GET', path, ({ req, tenant, context }) => {
    const token = option(req.query, '$skiptoken');
    const state = token ? decodeSkipToken(token) : undefined;
    const query = state ? new URLSearchParams(state.query) : req.query;
    rejectUnsupportedOptions(query, ['$filter', '$orderby', '$skiptoken']);
    const filterText = option(query, '$filter');
    const order = parseOrderBy(option(query, '$orderby'), SORTABLE);
    const filter =
      filterText !== undefined ? compileFilter<Record<string, unknown>>(filterText, REPORT_SCHEMA, (row, prop) => row[prop]) : undefined;
    // The report is computed per request. Unfiltered and unsorted, only the requested page is rendered,
    // so paging through 100k users costs O(page) per request rather than O(tenant).
    const plain = !filter && order.length === 0;
    let rows: Record<string, unknown>[] | typeof tenant.users = tenant.users;
    // Graph looks a sign-in name up directly; so does the simulator, instead of rendering every row to filter.
    const byName = /^userPrincipalName eq '((?:[^']|'')*)'$/i.exec(filterText?.trim() ?? '');
    if (byName && order.length === 0) {
      const user = tenant.findUser(byName[1].replace(/''/g, "'"));
      rows =
        user && user.userPrincipalName.toLowerCase() === byName[1].replace(/''/g, "'").toLowerCase()
          ? [registrationDetails(tenant, user)]
          : [];
    } else if (!plain) {
      rows = tenant.users.map((u) => registrationDetails(tenant, u));
      if (filter) rows = rows.filter(filter.test);
      rows = sortBy(rows, order, (row, prop) => row[prop]);
    }
    const originalQuery = state ? state.query : queryWithout(req.rawQuery, ['$skiptoken']);
    const sliced = pageOf<unknown>(
      rows,
      state?.offset ?? 0,
      tenant.pageSizes.userRegistrationDetails,
      (next) => `${req.baseUrl}${path}?$skiptoken=${encodeSkipToken({ query: originalQuery, offset: next, eventual: false })}`,
    );
    const nextLink = sliced.nextLink;
    const page = plain ? (sliced.page as typeof tenant.users).map((u) => registrationDetails(tenant, u)) : sliced.page;
    const body: Record<string, unknown> = { '@odata.context': context('reports/authenticationMethods/userRegistrationDetails') };
    if (nextLink) body['@odata.nextLink'] = nextLink;
    body.value = page;
    return { status: 200, body };
  });

  router.add('GET', `${path}/:id`, ({ tenant, params, context }) => {
    const user = tenant.findUser(params[0]);
    if (!user || user.id.toLowerCase() !== params[0].toLowerCase()) throw notFound(params[0]);
    return {
      status: 200,
      body: {
        '@odata.context': context('reports/authenticationMethods/userRegistrationDetails/$entity'),
        ...registrationDetails(tenant, user),
      },
    };
  });
}
