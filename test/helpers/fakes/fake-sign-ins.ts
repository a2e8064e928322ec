import type { SignInRow } from '../../../src/features/impact/sign-in-impact';
import type { SignInQuery, SignIns } from '../../../src/ports/sign-ins';

/** Sign-in logs in memory: the port's contract (newest first, filtered, paged), counting the requests made. */
export class FakeSignIns implements SignIns {
  readonly rows: SignInRow[] = [];
  readonly queries: SignInQuery[] = [];
  requests = 0;

  constructor(private readonly pageSize = 1000) {}

  add(...rows: SignInRow[]): this {
    this.rows.push(...rows);
    return this;
  }

  async *pages(q: SignInQuery): AsyncGenerator<SignInRow[]> {
    this.queries.push(q);
    const size = Math.min(q.top ?? this.pageSize, this.pageSize);
    const matching = this.rows
      .filter((r) => {
        const t = Date.parse(r.createdDateTime);
        if (t < q.from || t > q.to) return false;
        if (q.errorCode !== undefined && (r.status?.errorCode ?? 0) !== q.errorCode) return false;
        return q.userId === undefined || r.userId.toLowerCase() === q.userId.toLowerCase();
      })
      .sort((a, b) => Date.parse(b.createdDateTime) - Date.parse(a.createdDateTime));
    let offset = 0;
    do {
      this.requests++;
      yield matching.slice(offset, offset + size);
      offset += size;
    } while (offset < matching.length);
  }
}
