import { REPORT_FIGURES_KEPT_MS, reportKeys, type ScanFigures } from '../incidents/incident-report';
import type { ScanResult } from '../../domain/scan-result';
import type { Services } from '../../services';

/** Who the last tenant scan counted at risk of lockout and as new hires, by lower-cased object id. */
export interface CohortIds {
  atRisk: string[];
  newHires: string[];
  at: number;
}

const KEY = 'cohort-ids';
/** Younger than this, the last scan's cohorts answer `impact`'s comparison without a new scan. */
export const COHORTS_FRESH_MS = 15 * 60_000;

/** Kept after every completed scan (audit, lockout, notify, impact): ids only, expiring like the other snapshots. */
export async function keepCohortIds(services: Services, scan: ScanResult): Promise<CohortIds> {
  const ids: CohortIds = {
    atRisk: scan.tally.members('at-risk').map((m) => m.id.toLowerCase()),
    newHires: scan.tally.members('new-hires').map((m) => m.id.toLowerCase()),
    at: scan.finishedAt,
  };
  try {
    await services.store.snapshots.put('scan', [
      { key: KEY, value: ids, at: ids.at, expiresAt: ids.at + services.config.LAST_KNOWN_HOURS * 3_600_000 },
    ]);
    if (scan.incident) await keepScanFigures(services, scan.incident.id, scan);
  } catch (err) {
    services.logger.warn({ err }, 'could not keep the scan cohorts');
  }
  return ids;
}

/** The last scan's cohorts if fresh, else a scan (joining one already running); undefined with the reason if it fails. */
export async function cohortIds(services: Services): Promise<CohortIds | { failure: unknown }> {
  const now = services.clock.now();
  const kept = await services.store.snapshots.get<CohortIds>('scan', KEY, now).catch(() => undefined);
  if (kept && now - kept.value.at < COHORTS_FRESH_MS) return kept.value;
  try {
    return await keepCohortIds(services, await services.scans.join({ csv: false }));
  } catch (failure) {
    return { failure };
  }
}

async function keepScanFigures(services: Services, incidentId: string, scan: ScanResult): Promise<void> {
  const figures: ScanFigures = {
    at: scan.finishedAt,
    notRegistered: scan.tally.notRegistered.count,
    atRisk: scan.tally.atRisk.count,
    newHires: scan.tally.members('new-hires').length,
  };
  const now = services.clock.now();
  const entry = (which: 'first' | 'last') => ({
    key: reportKeys.scan(incidentId, which),
    value: figures,
    at: figures.at,
    expiresAt: now + REPORT_FIGURES_KEPT_MS,
  });
  const first = await services.store.snapshots.get<ScanFigures>('report', reportKeys.scan(incidentId, 'first'), now);
  await services.store.snapshots.put('report', first ? [entry('last')] : [entry('first'), entry('last')]);
}
