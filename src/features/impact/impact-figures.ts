import { REPORT_FIGURES_KEPT_MS, reportKeys, type ImpactFigures } from '../incidents/incident-report';
import type { ImpactResult } from './sign-in-impact';
import type { Services } from '../../services';

/** Keeps this run's counts for the incident's report: the latest, and the peak if this is it. Never throws. */
export async function keepImpactFigures(services: Services, incidentId: string, result: ImpactResult, at: number): Promise<void> {
  const figures: ImpactFigures = { blocked: result.blocked.length, attempts: result.attempts, at };
  const now = services.clock.now();
  const entry = (which: 'peak' | 'last') => ({
    key: reportKeys.impact(incidentId, which),
    value: figures,
    at,
    expiresAt: now + REPORT_FIGURES_KEPT_MS,
  });
  try {
    const peak = await services.store.snapshots.get<ImpactFigures>('impact', reportKeys.impact(incidentId, 'peak'), now);
    await services.store.snapshots.put(
      'impact',
      !peak || figures.blocked >= peak.value.blocked ? [entry('last'), entry('peak')] : [entry('last')],
    );
  } catch (err) {
    services.logger.warn({ err }, 'could not keep the sign-in impact figures for the incident report');
  }
}
