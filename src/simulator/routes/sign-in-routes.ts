import { badRequest, notFound } from '../http/graph-error';
import { queryWithout } from '../http/paging';
import type { Router } from '../http/router';
import { compileFilter, type FilterSchema } from '../odata/evaluate-filter';
import { parseFilter, type FilterExpr, type Operand } from '../odata/parse-filter';
import { option, parseTop, rejectUnsupportedOptions } from '../odata/query-options';
import type { SignInRecord } from '../render/sign-in';
import type { SignInCursor, SignInLog } from '../sign-in-log';

const EQ = { type: 'string', ops: ['eq'] } as const;
const GUID = { type: 'guid', ops: ['eq'] } as const;
const NAME = { type: 'string', ops: ['eq', 'startswith'] } as const;

/**
 * What the signIn resource documents as filterable (wave2-facts §1). createdDateTime also takes gt/lt, and
 * status/errorCode takes ne: `status/errorCode ne 0` is the widely used lockout sweep.
 */
const SIGN_IN_SCHEMA: FilterSchema = {
  entity: 'microsoft.graph.signIn',
  resource: 'signIn',
  props: {
    createdDateTime: { type: 'datetime', ops: ['eq', 'ge', 'le', 'gt', 'lt'] },
    'status/errorCode': { type: 'number', ops: ['eq', 'ne'] },
    id: GUID,
    userId: GUID,
    appId: GUID,
    correlationId: GUID,
    resourceId: GUID,
    resourceDisplayName: EQ,
    clientAppUsed: EQ,
    conditionalAccessStatus: EQ,
    riskState: EQ,
    riskLevelAggregated: EQ,
    riskLevelDuringSignIn: EQ,
    riskDetail: EQ,
    userPrincipalName: NAME,
    userDisplayName: NAME,
    appDisplayName: NAME,
    ipAddress: NAME,
    'location/city': NAME,
    'location/state': NAME,
    'location/countryOrRegion': NAME,
    'deviceDetail/browser': NAME,
    'deviceDetail/operatingSystem': NAME,
  },
};

/** Records examined per page before answering with what was found and a nextLink (Graph also returns short pages). */
const SCAN_BUDGET = 250_000;
const PATH = '/auditLogs/signIns';

interface Plan {
  from: number;
  to: number;
  /** One user's entries only (userId/userPrincipalName eq); -1 when that user doesn't exist. */
  user?: number;
  test: (r: SignInRecord) => boolean;
}

/** A nextLink's state: the original query, the newest moment the first page could see, and the last entry returned. */
type PageToken = { query: string; upper: number; after?: SignInCursor };

const encodeToken = (t: PageToken) =>
  Buffer.from(JSON.stringify([t.query, t.upper, t.after ? [t.after.at, t.after.user, t.after.seq] : null])).toString('base64url');

function decodeToken(token: string): PageToken {
  try {
    const [query, upper, after] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as [unknown, unknown, unknown];
    if (typeof query !== 'string' || typeof upper !== 'number') throw new Error('shape');
    if (after !== null && !(Array.isArray(after) && after.length === 3 && after.every((n) => Number.isInteger(n))))
      throw new Error('shape');
    const cursor = after ? { at: after[0] as number, user: after[1] as number, seq: after[2] as number } : undefined;
    return { query, upper, after: cursor };
  } catch {
    throw badRequest('Invalid $skiptoken value.', 'Request_BadRequest');
  }
}

/** Top-level `and` terms of a filter; anything else Graph's sign-in log doesn't take is a 400. */
function conjuncts(e: FilterExpr): FilterExpr[] {
  if (e.kind === 'logical' && e.op === 'and') return [...conjuncts(e.left), ...conjuncts(e.right)];
  if (e.kind === 'logical' || e.kind === 'not' || e.kind === 'in' || e.kind === 'lambda') {
    const what = e.kind === 'logical' ? `'${e.op}'` : e.kind === 'lambda' ? `'${e.op}'` : `'${e.kind}'`;
    throw badRequest(`Invalid filter clause: the ${what} operator is not supported on signIn; combine clauses with 'and' only.`);
  }
  return [e];
}

const isProp = (o: Operand, name: string): o is { kind: 'property'; path: string } =>
  o.kind === 'property' && o.path.toLowerCase() === name.toLowerCase();
const FLIP: Record<string, string> = { ge: 'le', le: 'ge', gt: 'lt', lt: 'gt', eq: 'eq', ne: 'ne' };

function planQuery(text: string | undefined, log: SignInLog): Plan {
  const plan: Plan = { from: -Infinity, to: Infinity, test: () => true };
  if (text === undefined) return plan;
  const rendered = new WeakMap<SignInRecord, Record<string, unknown>>();
  const full = (r: SignInRecord) => rendered.get(r) ?? rendered.set(r, log.render(r)).get(r)!;
  const filter = compileFilter<SignInRecord>(text, SIGN_IN_SCHEMA, (r, prop) => {
    if (prop === 'createdDateTime') return new Date(r.at).toISOString();
    if (prop === 'status/errorCode') return r.code;
    return prop.split('/').reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], full(r));
  });
  plan.test = filter.test;
  // The time range and a single user narrow what is generated at all; the predicate still decides.
  for (const term of conjuncts(parseFilter(text))) {
    if (term.kind !== 'compare') continue;
    const [prop, literal, op] = term.left.kind === 'property' ? [term.left, term.right, term.op] : [term.right, term.left, FLIP[term.op]];
    if (literal.kind !== 'literal') continue;
    if (isProp(prop, 'createdDateTime') && typeof literal.value === 'string') {
      const t = Date.parse(literal.value);
      if (op === 'ge' || op === 'eq') plan.from = Math.max(plan.from, t);
      if (op === 'gt') plan.from = Math.max(plan.from, t + 1);
      if (op === 'le' || op === 'eq') plan.to = Math.min(plan.to, t);
      if (op === 'lt') plan.to = Math.min(plan.to, t - 1);
    }
    if (op === 'eq' && (isProp(prop, 'userId') || isProp(prop, 'userPrincipalName')) && typeof literal.value === 'string') {
      plan.user = log.userIndex(literal.value);
    }
  }
  return plan;
}

export function registerSignInRoutes(router: Router) {
  router.add('GET', PATH, ({ req, tenant, context }) => {
    const log = tenant.signIns;
    const token = option(req.query, '$skiptoken');
    const state = token ? decodeToken(token) : undefined;
    const query = state ? new URLSearchParams(state.query) : req.query;
    rejectUnsupportedOptions(req.query, ['$filter', '$top', '$skiptoken']);
    rejectUnsupportedOptions(query, ['$filter', '$top']);
    const size = parseTop(option(query, '$top'), 1000) ?? tenant.pageSizes.signIns;
    const plan = planQuery(option(query, '$filter'), log);
    // The first page fixes the upper bound, so paging is stable while new sign-ins arrive.
    const upper = state?.upper ?? log.visibleUntil();
    const page: SignInRecord[] = [];
    let next: SignInCursor | undefined;
    let examined = 0;
    if (plan.user !== -1) {
      for (const r of log.scan({ from: plan.from, to: Math.min(plan.to, upper), user: plan.user, after: state?.after })) {
        if (plan.test(r)) {
          if (page.length === size) {
            next = page[page.length - 1];
            break;
          }
          page.push(r);
        } else if (++examined >= SCAN_BUDGET) {
          next = r;
          break;
        }
      }
    }
    const body: Record<string, unknown> = { '@odata.context': context('auditLogs/signIns') };
    if (next) {
      const original = state ? state.query : queryWithout(req.rawQuery, ['$skiptoken']);
      const after = { at: next.at, user: next.user, seq: next.seq };
      body['@odata.nextLink'] = `${req.baseUrl}${PATH}?$skiptoken=${encodeToken({ query: original, upper, after })}`;
    }
    body.value = page.map((r) => log.render(r));
    return { status: 200, body };
  });

  router.add('GET', `${PATH}/:id`, ({ tenant, params, context }) => {
    const record = tenant.signIns.find(params[0]);
    if (!record) throw notFound(params[0]);
    return { status: 200, body: { '@odata.context': context('auditLogs/signIns/$entity'), ...tenant.signIns.render(record) } };
  });
}
