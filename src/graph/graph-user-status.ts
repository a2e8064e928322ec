import { GraphFailure } from '../domain/errors';
import { describeMethods } from '../domain/method-names';
import { odataString, pathSegment } from '../domain/odata';
import type { DirectoryUser, RegistrationDetails } from '../domain/directory-types';
import type { UserStatusRead, UserStatusReads } from '../ports/user-status';
import { parseMembership, USER_FIELDS } from './graph-directory';
import { describeFailure, type BatchResult, type GraphGateway } from './graph-gateway';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REPORT = '/reports/authenticationMethods/userRegistrationDetails';
type Page<T> = { value?: T[]; '@odata.nextLink'?: string };

/**
 * `status` in one $batch: the user, their manager, methods, registration row and memberships. The user
 * and each path take an object id or a UPN; the report's `/{id}` form only takes an id, so a UPN reads the
 * collection filtered on it. Graph runs the items side by side and counts each against its own bucket.
 */
export class GraphUserStatus implements UserStatusReads {
  /** Two agents looking up the same person at once share one $batch (the gateway coalesces single GETs the same way). */
  private readonly inFlight = new Map<string, Promise<UserStatusRead | undefined>>();

  constructor(private readonly graph: GraphGateway) {}

  readStatus(
    idOrUpn: string,
    opts: { registrationWaitMs?: number; registrationYields?: boolean } = {},
  ): Promise<UserStatusRead | undefined> {
    const key = JSON.stringify([idOrUpn.toLowerCase(), opts.registrationWaitMs ?? null, opts.registrationYields ?? false]);
    const shared = this.inFlight.get(key);
    if (shared) return shared;
    const read = this.read(idOrUpn, opts).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, read);
    return read;
  }

  private async read(
    idOrUpn: string,
    opts: { registrationWaitMs?: number; registrationYields?: boolean },
  ): Promise<UserStatusRead | undefined> {
    const seg = pathSegment(idOrUpn);
    const q = (query: string) => `?${query.replace(/'([^']*)'/g, (m) => encodeURIComponent(m))}`;
    const results = await this.graph.batch([
      { id: 'user', part: `the directory entry for "${idOrUpn}"`, path: `/users/${seg}?$select=${USER_FIELDS}` },
      { id: 'manager', part: 'manager', path: `/users/${seg}/manager?$select=id,displayName,userPrincipalName,mail,accountEnabled` },
      { id: 'methods', part: 'authentication methods', path: `/users/${seg}/authentication/methods` },
      {
        id: 'registration',
        part: 'MFA registration report',
        path: GUID.test(idOrUpn) ? `${REPORT}/${seg}` : `${REPORT}${q(`$filter=userPrincipalName eq ${odataString(idOrUpn)}`)}`,
        slotWaitMs: opts.registrationWaitMs,
        // The row has a fallback (the last scan's copy); another lookup's methods read has none, so it goes first.
        // While a scan pages through the report it is writing that copy, so the row also waits behind the scan.
        priority: opts.registrationYields ? 'fallback' : 'decision',
      },
      { id: 'membership', part: 'group memberships', path: `/users/${seg}/transitiveMemberOf` },
    ]);
    const userResult = results.get('user')!;
    if (!userResult.ok) {
      if (userResult.failure.status === 404) return undefined;
      throw userResult.failure;
    }
    const user = userResult.body as DirectoryUser;
    const who = user.displayName || user.userPrincipalName;
    const named = (r: BatchResult | undefined, what: string) => (r && !r.ok ? renamed(r.failure, `${who}'s ${what}`) : undefined);

    const methods = results.get('methods')!;
    if (!methods.ok) throw renamed(methods.failure, `${who}'s authentication methods`);
    const failures: UserStatusRead['failures'] = {};
    const manager = this.optional(results.get('manager'), () => (results.get('manager') as { body: DirectoryUser }).body);
    if (manager === FAILED) failures.manager = named(results.get('manager'), 'manager');
    const registration = this.optional<RegistrationDetails>(results.get('registration'), () => {
      const body = (results.get('registration') as { body: RegistrationDetails | Page<RegistrationDetails> }).body;
      return 'value' in body ? body.value?.[0] : (body as RegistrationDetails);
    });
    if (registration === FAILED) failures.registration = named(results.get('registration'), 'MFA registration report');
    let membership: UserStatusRead['membership'];
    const m = results.get('membership')!;
    if (m.ok) {
      const page = m.body as Page<Record<string, string>>;
      const objects = [...(page.value ?? [])];
      // Rare: more memberships than one page; the rest follows the nextLink.
      if (page['@odata.nextLink']) {
        try {
          for await (const more of this.graph.pages<Record<string, string>>({
            part: `${who}'s group memberships`,
            path: page['@odata.nextLink'],
          })) {
            objects.push(...more);
          }
        } catch (e) {
          if (!(e instanceof GraphFailure)) throw e;
          failures.membership = e;
        }
      }
      if (!failures.membership) membership = parseMembership(objects);
    } else {
      failures.membership = named(m, 'group memberships');
    }
    return {
      user,
      manager: manager === FAILED ? undefined : manager,
      methods: describeMethods((methods.body as Page<Record<string, unknown>>).value ?? []),
      registration: registration === FAILED ? undefined : registration,
      membership,
      failures,
    };
  }

  /** A 404 is an answer (no manager, no report row); anything else failed. */
  private optional<T>(r: BatchResult | undefined, value: () => T | undefined): T | undefined | typeof FAILED {
    if (!r) return FAILED;
    if (r.ok) return value();
    return r.failure.status === 404 ? undefined : FAILED;
  }
}

const FAILED = Symbol('failed');

/** The same failure, naming the user now that the batch told us who they are. */
function renamed(f: GraphFailure, part: string): GraphFailure {
  const [code, sentence] = describeFailure(f.status, part);
  return new GraphFailure(f.graphCode === 'BudgetTimeout' ? 'GRAPH_THROTTLED' : code, part, f.status, f.graphCode, sentence, {
    cause: f.cause,
  });
}
