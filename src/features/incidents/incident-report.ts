import type { HealthIssue } from '../../domain/health-types';
import type { RunbookState } from './runbook';
import type { TapAuditEntry, TapAuditEvent } from '../../domain/tap-request';

/** An incident's sign-in impact as `impact` counted it (counts only): the peak and the latest run. */
export interface ImpactFigures {
  blocked: number;
  attempts: number;
  at: number;
}

/** What a tenant scan counted during an incident (counts only), for "at the start versus the end". */
export interface ScanFigures {
  at: number;
  notRegistered: number;
  atRisk: number;
  newHires: number;
}

/** Where each figure is kept (snapshots): by incident, so a report can be made again days later. */
export const reportKeys = {
  impact: (incidentId: string, which: 'peak' | 'last') => `${incidentId}:${which}`,
  scan: (incidentId: string, which: 'first' | 'last') => `${incidentId}:scan:${which}`,
};
/** Counts, no names: kept as long as a report may be asked for. */
export const REPORT_FIGURES_KEPT_MS = 30 * 24 * 3_600_000;

export interface NoticeFigures {
  kind: 'notice' | 'allClear';
  audience: 'people' | 'managers';
  cohort: string;
  recipients: number;
  sent: number;
  notReachable: number;
  failed: number;
  waiting: number;
  at: number;
  by: string;
}

/** The TAP requests of the incident's window: what happened to them, and who decided. Never a code. */
export interface TapFigures {
  requests: number;
  events: Array<[TapAuditEvent, number]>;
  byApprover: Array<[string, number]>;
  /** The trail held more entries than were read: the counts are a lower bound. */
  partial: boolean;
}

export interface IncidentReport {
  issue: Pick<HealthIssue, 'id' | 'title' | 'service' | 'status' | 'isResolved' | 'startDateTime' | 'endDateTime' | 'posts'>;
  from: number;
  to: number;
  taps: TapFigures;
  impact: { peak?: ImpactFigures; last?: ImpactFigures };
  /** undefined: notify could not be read; []: nothing was sent. */
  notices?: NoticeFigures[];
  scans: { first?: ScanFigures; last?: ScanFigures };
  runbook: RunbookState;
  generatedAt: number;
}

const EVENT_ORDER: TapAuditEvent[] = [
  'requested',
  'approved',
  'issued',
  'held',
  'waiting',
  'rejected',
  'expired',
  'failed',
  'refused',
  'routed',
  'retried',
];

/** TAP trail entries (newest first, as stored) inside [from, to], counted. */
export function tapFigures(trail: TapAuditEntry[], from: number, to: number, limit: number): TapFigures {
  const inWindow = trail.filter((e) => e.at >= from && e.at <= to);
  const events = new Map<TapAuditEvent, number>();
  const approvers = new Map<string, number>();
  const requests = new Set<string>();
  for (const e of inWindow) {
    events.set(e.event, (events.get(e.event) ?? 0) + 1);
    requests.add(e.requestId);
    if (e.event === 'approved' || e.event === 'rejected') {
      const name = e.actor?.name || e.actor?.upn || 'an approver';
      approvers.set(name, (approvers.get(name) ?? 0) + 1);
    }
  }
  const oldest = trail.length ? trail[trail.length - 1].at : Number.POSITIVE_INFINITY;
  return {
    requests: requests.size,
    events: EVENT_ORDER.filter((e) => events.has(e)).map((e) => [e, events.get(e)!]),
    byApprover: [...approvers].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
    partial: trail.length >= limit && oldest > from,
  };
}
