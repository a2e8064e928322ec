import type { HealthIssue } from '../../domain/health-types';
import type { IdentityMatcher } from '../../domain/identity-services';
import type { IssueStateStore } from '../../ports/health-store';
import type { KnownIncidents } from '../../ports/known-incidents';

/** Other instances' polls reach this one's memory within this long; this instance's own polls at once. */
const FRESH_MS = 15_000;

/** The unresolved issues the poller last saved, read from the store at most every FRESH_MS. */
export class KnownIssues implements KnownIncidents {
  private cached: { at: number; open: Promise<HealthIssue[]> } | undefined;

  constructor(
    private readonly issues: IssueStateStore,
    private readonly identity: IdentityMatcher,
  ) {}

  open(now: number): Promise<HealthIssue[]> {
    if (!this.cached || now - this.cached.at >= FRESH_MS) {
      const cached = { at: now, open: this.issues.openIssues() };
      this.cached = cached;
      cached.open.catch(() => {
        if (this.cached === cached) this.cached = undefined;
      });
    }
    return this.cached.open;
  }

  async activeIdentity(now: number): Promise<{ id: string; title: string } | undefined> {
    const open = (await this.open(now)).filter((i) => this.identity.isIdentityIssue(i));
    const pick = open.find((i) => i.classification === 'incident') ?? open[0];
    return pick ? { id: pick.id, title: pick.title } : undefined;
  }

  forget(): void {
    this.cached = undefined;
  }
}
