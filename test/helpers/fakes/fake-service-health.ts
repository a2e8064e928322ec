import type { HealthIssue, ServiceOverview } from '../../../src/domain/health-types';
import type { ServiceHealth } from '../../../src/ports/service-health';
import type { Clock } from '../../../src/core/clock';
import { fixedClock } from './fixed-clock';
import { GraphFailures } from './graph-failures';

export type IssueSeed = Partial<HealthIssue> & { id: string; title: string };

/** The ServiceHealth port in memory: services with a status, and issues. */
export class FakeServiceHealth implements ServiceHealth {
  private readonly services: ServiceOverview[] = [];
  private readonly issues: HealthIssue[] = [];
  private readonly failures = new GraphFailures<keyof ServiceHealth>({
    listServices: 'Microsoft 365 service health',
    listIssuesChangedSince: 'Microsoft 365 service health',
    listOpenIssues: 'Microsoft 365 service health',
    listOpenOrChangedSince: 'Microsoft 365 service health',
  });
  readonly fail = this.failures.fail.bind(this.failures);
  readonly heal = this.failures.heal.bind(this.failures);

  constructor(private readonly clock: Clock = fixedClock()) {}

  /** `id` is Graph's stable key (`OrgLiveID` for Microsoft Entra); the status Graph's lower-camel enum. */
  addService(service: string, opts: { id?: string; status?: string } = {}): ServiceOverview {
    const overview = { id: opts.id ?? service.replace(/\W/g, ''), service, status: opts.status ?? 'serviceOperational' };
    this.services.push(overview);
    return { ...overview };
  }

  /** An open Microsoft Entra incident that started and changed an hour ago, unless said otherwise. */
  addIssue(seed: IssueSeed): HealthIssue {
    const hourAgo = new Date(this.clock.now() - 3_600_000).toISOString();
    const issue: HealthIssue = {
      service: 'Microsoft Entra',
      feature: 'Multifactor authentication',
      featureGroup: 'Authentication',
      classification: 'incident',
      status: 'investigating',
      impactDescription: '',
      isResolved: false,
      startDateTime: hourAgo,
      endDateTime: null,
      lastModifiedDateTime: hourAgo,
      posts: [],
      ...seed,
    };
    this.issues.push(issue);
    return structuredClone(issue);
  }

  async listServices(): Promise<ServiceOverview[]> {
    this.failures.throwIfFailing('listServices');
    return this.services.map((s) => ({ ...s }));
  }

  async listIssuesChangedSince(sinceIso: string): Promise<HealthIssue[]> {
    this.failures.throwIfFailing('listIssuesChangedSince');
    return this.where((i) => changedSince(i, sinceIso));
  }

  async listOpenIssues(): Promise<HealthIssue[]> {
    this.failures.throwIfFailing('listOpenIssues');
    return this.where((i) => !i.isResolved);
  }

  async listOpenOrChangedSince(sinceIso: string): Promise<HealthIssue[]> {
    this.failures.throwIfFailing('listOpenOrChangedSince');
    return this.where((i) => !i.isResolved || changedSince(i, sinceIso));
  }

  private where(keep: (i: HealthIssue) => boolean): HealthIssue[] {
    return structuredClone(this.issues.filter(keep));
  }
}

function changedSince(issue: HealthIssue, sinceIso: string): boolean {
  return Date.parse(issue.lastModifiedDateTime) >= Date.parse(sinceIso);
}
