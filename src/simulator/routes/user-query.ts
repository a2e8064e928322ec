import { badRequest, unsupportedQuery } from '../http/graph-error';
import { compileFilter, type FilterSchema } from '../odata/evaluate-filter';
import { option, parseOrderBy, sortBy } from '../odata/query-options';
import { userProperties } from '../render/user';
import type { SimUser } from '../sim-types';
import { asText } from '../odata/as-text';

const USER_FILTER_SCHEMA: FilterSchema = {
  entity: 'microsoft.graph.user',
  resource: 'User',
  props: {
    id: { type: 'guid' },
    displayName: { type: 'string' },
    givenName: { type: 'string' },
    surname: { type: 'string' },
    mail: { type: 'string' },
    userPrincipalName: { type: 'string' },
    mailNickname: { type: 'string' },
    jobTitle: { type: 'string' },
    department: { type: 'string' },
    officeLocation: { type: 'string' },
    userType: { type: 'string' },
    accountEnabled: { type: 'boolean' },
    createdDateTime: { type: 'datetime' },
    employeeId: { type: 'string' },
    otherMails: { type: 'stringCollection' },
    proxyAddresses: { type: 'stringCollection' },
  },
};
const SORTABLE = ['displayName', 'userPrincipalName', 'mail', 'givenName', 'surname', 'createdDateTime', 'id'];
const SEARCHABLE = ['displayName', 'givenName', 'surname', 'mail', 'userPrincipalName', 'mailNickname'];

function userValue(u: SimUser, prop: string): unknown {
  if (prop === 'otherMails') return [];
  if (prop === 'proxyAddresses') return u.mail ? [`SMTP:${u.mail}`] : [];
  return userProperties(u)[prop];
}

/**
 * Applies $filter/$search/$orderby and enforces Graph's advanced-query rule:
 * ne, not, endswith, $count, $search and $orderby+$filter need ConsistencyLevel: eventual.
 */
export function queryUsers(users: SimUser[], query: URLSearchParams, eventual: boolean): SimUser[] {
  const filterText = option(query, '$filter');
  const search = option(query, '$search');
  const orderBy = option(query, '$orderby');
  const count = option(query, '$count');
  if (option(query, '$skip') !== undefined) throw badRequest("'$skip' is not supported by the service.", 'Request_BadRequest');
  if (count !== undefined && count !== 'true' && count !== 'false') throw badRequest(`Invalid value '${count}' for $count.`);

  const filter = filterText !== undefined ? compileFilter<SimUser>(filterText, USER_FILTER_SCHEMA, userValue) : undefined;
  if (!eventual) {
    if (search !== undefined) {
      throw unsupportedQuery(
        "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
      );
    }
    if (count === 'true') throw unsupportedQuery('$count is not currently supported without ConsistencyLevel: eventual.');
    if (filter && filter.advancedFeatures.length) {
      throw unsupportedQuery(
        `Unsupported or invalid query filter clause specified for property '${filter.advancedFeatures[0]}' of resource 'User'.`,
      );
    }
    if (filter && orderBy) throw unsupportedQuery('Sorting not supported for current query.');
  }
  const order = parseOrderBy(orderBy, SORTABLE);
  const matchesSearch = search !== undefined ? compileSearch(search) : undefined;
  let result = users;
  if (filter || matchesSearch) {
    result = users.filter((u) => (!filter || filter.test(u)) && (!matchesSearch || matchesSearch(u)));
  }
  return sortBy(result, order, userValue);
}

/** `"displayName:al" OR "mail:bob"`: tokenized, accent-insensitive prefix match per clause. */
function compileSearch(raw: string): (u: SimUser) => boolean {
  const clauses: { prop: string; words: string[] }[] = [];
  const joins: string[] = [];
  const re = /\s*"([^"]*)"\s*(?:(AND|OR)\s*|$)/giy;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while (consumed < raw.length && (m = re.exec(raw))) {
    consumed = re.lastIndex;
    const [prop, ...rest] = m[1].split(':');
    const found = SEARCHABLE.find((p) => p.toLowerCase() === prop.trim().toLowerCase());
    if (!found || rest.length === 0) throw badRequest(`Invalid $search clause '${m[1]}': use "property:term" with a searchable property.`);
    clauses.push({ prop: found, words: tokens(rest.join(':')) });
    if (m[2]) joins.push(m[2].toUpperCase());
  }
  if (clauses.length === 0 || consumed < raw.length || joins.length !== clauses.length - 1) {
    throw badRequest(`Syntax error: invalid $search value '${raw}'. Clauses must be in double quotes.`);
  }
  return (u) => {
    let result = clauseMatches(u, clauses[0]);
    for (let i = 1; i < clauses.length; i++) {
      const next = clauseMatches(u, clauses[i]);
      result = joins[i - 1] === 'AND' ? result && next : result || next;
    }
    return result;
  };
}

function clauseMatches(u: SimUser, clause: { prop: string; words: string[] }): boolean {
  const valueTokens = tokens(asText(userValue(u, clause.prop)));
  return clause.words.every((w) => valueTokens.some((t) => t.startsWith(w)));
}

function tokens(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}
