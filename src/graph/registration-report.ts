import type { RegistrationRow } from '../domain/enrolment-tally';
import { GraphFailure } from '../domain/errors';
import { isTapUsable } from '../domain/method-names';
import { odataString, pathSegment } from '../domain/odata';
import type { GraphGateway, GraphRequest } from './graph-gateway';

const REPORT = '/reports/authenticationMethods/userRegistrationDetails';

/** The registration report, page by page: one request per page, never per-user method calls. */
export function registrationPages(graph: GraphGateway): AsyncGenerator<RegistrationRow[]> {
  return graph.pages<RegistrationRow>({ part: 'the MFA registration report', path: REPORT }, { readAhead: true });
}

/** Object ids of accounts created at or after `sinceIso` (new hires). */
export function createdSince(graph: GraphGateway, sinceIso: string): Promise<Set<string>> {
  return userIdsWhere(graph, 'the list of recently created accounts', `createdDateTime ge ${sinceIso.replace(/\.\d{3}Z$/, 'Z')}`);
}

/** Object ids of accounts whose sign-in is blocked (the report doesn't say, and they can't be locked out). */
export function disabledAccounts(graph: GraphGateway): Promise<Set<string>> {
  return userIdsWhere(graph, 'the list of disabled accounts', 'accountEnabled eq false');
}

async function userIdsWhere(graph: GraphGateway, part: string, filter: string): Promise<Set<string>> {
  const ids = new Set<string>();
  const req: GraphRequest = { part, path: '/users', query: { $filter: filter, $select: 'id', $top: 999 } };
  for await (const page of graph.pages<{ id: string }>(req, { readAhead: true })) for (const u of page) ids.add(u.id.toLowerCase());
  return ids;
}

/** User ids below a group, nested groups included (what Conditional Access evaluates). */
export async function groupUserIds(graph: GraphGateway, groupId: string): Promise<Set<string>> {
  const ids = new Set<string>();
  const req: GraphRequest = {
    part: 'the members of a group used by conditional access',
    path: `/groups/${pathSegment(groupId)}/transitiveMembers`,
    query: { $select: 'id', $top: 999 },
  };
  try {
    for await (const page of graph.pages<Record<string, string>>(req, { readAhead: true })) {
      for (const o of page)
        if (
          String(o['@odata.type'] ?? '')
            .toLowerCase()
            .endsWith('.user') &&
          o.id
        )
          ids.add(o.id.toLowerCase());
    }
  } catch (e) {
    if (e instanceof GraphFailure && e.status === 404) return ids; // a deleted group scopes nobody
    throw e;
  }
  return ids;
}

/**
 * User ids holding a directory role, by role template id (how policies name roles). A template that
 * was never activated in the tenant answers 404 and has no members. Role-assignable groups are expanded.
 */
export async function roleUserIds(graph: GraphGateway, roleTemplateId: string): Promise<Set<string>> {
  const ids = new Set<string>();
  const groups: string[] = [];
  const req: GraphRequest = {
    part: 'the members of a directory role used by conditional access',
    path: `/directoryRoles(roleTemplateId=${odataString(roleTemplateId)})/members`,
    query: { $select: 'id' },
  };
  try {
    for await (const page of graph.pages<Record<string, string>>(req, { readAhead: true })) {
      for (const o of page) {
        const type = String(o['@odata.type'] ?? '').toLowerCase();
        if (type.endsWith('.user') && o.id) ids.add(o.id.toLowerCase());
        else if (type.endsWith('.group') && o.id) groups.push(o.id);
      }
    }
  } catch (e) {
    if (e instanceof GraphFailure && e.status === 404) return ids;
    throw e;
  }
  for (const g of groups) for (const id of await groupUserIds(graph, g)) ids.add(id);
  return ids;
}

/**
 * Of the given users, those holding a TAP Graph calls usable right now. The report only says a TAP
 * was registered (it may have expired or been used), so candidates are confirmed, 20 per $batch.
 */
export async function usableTapHolders(graph: GraphGateway, userIds: string[], now: number): Promise<Set<string>> {
  const usable = new Set<string>();
  for (let i = 0; i < userIds.length; i += 20) {
    const chunk = userIds.slice(i, i + 20);
    const res = await graph.request<{ responses?: { id: string; status: number; body?: { value?: TapRow[] } }[] }>({
      part: 'Temporary Access Passes',
      method: 'POST',
      path: '/$batch',
      body: {
        requests: chunk.map((id, n) => ({
          id: String(n),
          method: 'GET',
          url: `/users/${pathSegment(id)}/authentication/temporaryAccessPassMethods`,
        })),
      },
    });
    for (const r of res.responses ?? []) {
      if (r.status !== 200) continue; // unknown stays "no usable TAP": the safe side for a lockout count
      if ((r.body?.value ?? []).some((t) => tapUsable(t, now))) usable.add(chunk[Number(r.id)].toLowerCase());
    }
  }
  return usable;
}

type TapRow = {
  id?: string;
  isUsable?: boolean;
  isUsableOnce?: boolean;
  startDateTime?: string;
  createdDateTime?: string;
  lifetimeInMinutes?: number;
};

function tapUsable(t: TapRow, now: number): boolean {
  return isTapUsable(
    {
      id: t.id ?? '',
      isUsable: Boolean(t.isUsable),
      isUsableOnce: Boolean(t.isUsableOnce),
      lifetimeInMinutes: Number(t.lifetimeInMinutes ?? 0),
      startDateTime: t.startDateTime,
      createdDateTime: t.createdDateTime,
    },
    now,
  );
}
