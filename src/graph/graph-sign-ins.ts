import type { GraphPriority } from '../core/graph-priority';
import { odataString } from '../domain/odata';
import type { SignInRow } from '../domain/sign-in-codes';
import type { SignInQuery, SignIns } from '../ports/sign-ins';
import type { GraphGateway } from './graph-gateway';

const SIGN_INS = '/auditLogs/signIns';

/** OData DateTimeOffset literals are bare ISO 8601, not quoted. */
const instant = (ms: number) => new Date(ms).toISOString();

/** The filter Graph's sign-in log accepts: `and` of eq / ge / le clauses (it refuses `or` and most functions). */
export function signInFilter(q: SignInQuery): string {
  const clauses = [`createdDateTime ge ${instant(q.from)}`, `createdDateTime le ${instant(q.to)}`];
  if (q.errorCode !== undefined) clauses.push(`status/errorCode eq ${Math.trunc(q.errorCode)}`);
  if (q.userId !== undefined) clauses.push(`userId eq ${odataString(q.userId)}`);
  return clauses.join(' and ');
}

/** The SignIns port over Graph: the log's own order (newest first), one request per page. */
export class GraphSignIns implements SignIns {
  constructor(
    private readonly graph: GraphGateway,
    private readonly priority: GraphPriority = 'scan',
  ) {}

  pages(q: SignInQuery): AsyncGenerator<SignInRow[]> {
    const top = Math.min(1000, Math.max(1, Math.trunc(q.top ?? 1000)));
    return this.graph.pages<SignInRow>({
      part: 'the sign-in logs',
      path: SIGN_INS,
      query: { $filter: signInFilter(q), $top: top },
      priority: this.priority,
    });
  }
}
