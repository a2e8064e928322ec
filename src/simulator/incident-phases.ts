import type { IssueStatusChange, ServiceHealthIssue } from './sim-types';

export type Phase = 'healthy' | 'outage' | 'restoring';

/** One identity incident as the sign-in log sees it: outage from start, restoring from restoringAt, over at end. */
export interface IncidentWindow {
  issueId: string;
  start: number;
  restoringAt: number;
  end: number;
}

export interface PhaseAt {
  phase: Phase;
  /** When the incident in force went to restoringService (Infinity while it is still an outage). */
  restoringAt: number;
}

const IDENTITY_SERVICE = /entra|azure active directory|identity|orglive/i;

/** Entra/identity incidents only: an Exchange advisory doesn't lock anyone out of MFA. */
export function isIdentityIncident(issue: ServiceHealthIssue): boolean {
  return issue.classification === 'incident' && IDENTITY_SERVICE.test(issue.service);
}

/**
 * The windows of every identity incident, from the issues and the tenant's record of status changes:
 * `outage` from startDateTime until the issue first went to restoringService, `restoring` until it was
 * resolved (endDateTime when the history doesn't say), healthy otherwise.
 */
export function incidentWindows(issues: ServiceHealthIssue[], history: IssueStatusChange[]): IncidentWindow[] {
  const windows: IncidentWindow[] = [];
  for (const issue of issues) {
    if (!isIdentityIncident(issue)) continue;
    const start = Date.parse(issue.startDateTime);
    if (!Number.isFinite(start)) continue;
    const changes = history.filter((h) => h.issueId === issue.id);
    const resolved = changes.find((h) => h.isResolved)?.at ?? (issue.isResolved ? Date.parse(issue.endDateTime ?? '') : NaN);
    const end = issue.isResolved ? (Number.isFinite(resolved) ? resolved : start) : Infinity;
    const restoring = changes.find((h) => h.status.toLowerCase() === 'restoringservice' && !h.isResolved)?.at ?? Infinity;
    windows.push({ issueId: issue.id, start, restoringAt: Math.max(start, Math.min(restoring, end)), end });
  }
  return windows.sort((a, b) => a.start - b.start);
}

/** The phase at `t`; an outage anywhere wins over another incident's restoring. */
export function phaseAt(windows: IncidentWindow[], t: number): PhaseAt {
  let result: PhaseAt = { phase: 'healthy', restoringAt: Infinity };
  for (const w of windows) {
    if (t < w.start || t >= w.end) continue;
    if (t < w.restoringAt) return { phase: 'outage', restoringAt: w.restoringAt };
    result = { phase: 'restoring', restoringAt: w.restoringAt };
  }
  return result;
}
