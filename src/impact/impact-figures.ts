import type { ImpactResult } from '../domain/sign-in-impact';
import type { Services } from '../services';

/** An incident's sign-in impact as counted by `impact`: the peak and the latest run, for the post-incident report. */
export interface ImpactFigures {
  blocked: number;
  attempts: number;
  at: number;
}

/** Counts only (no names): kept as long as a report could be asked for. */
const KEEP_MS = 30 * 24 * 3_600_000;

export async function keepImpactFigures(services: Services, incidentId: string, result: ImpactResult, at: number): Promise<void> {
  const figures: ImpactFigures = { blocked: result.blocked.length, attempts: result.attempts, at };
  const now = services.clock.now();
  try {
    const peak = await services.store.snapshots.get<ImpactFigures>('impact', `${incidentId}:peak`, now);
    const entries = [{ key: `${incidentId}:last`, value: figures, at, expiresAt: now + KEEP_MS }];
    if (!peak || figures.blocked >= peak.value.blocked)
      entries.push({ key: `${incidentId}:peak`, value: figures, at, expiresAt: now + KEEP_MS });
    await services.store.snapshots.put('impact', entries);
  } catch (err) {
    services.logger.warn({ err }, 'could not keep the sign-in impact figures for the incident report');
  }
}

export async function impactFigures(services: Services, incidentId: string): Promise<{ peak?: ImpactFigures; last?: ImpactFigures }> {
  const now = services.clock.now();
  const [peak, last] = await Promise.all(
    ['peak', 'last'].map((k) => services.store.snapshots.get<ImpactFigures>('impact', `${incidentId}:${k}`, now).catch(() => undefined)),
  );
  return { peak: peak?.value, last: last?.value };
}
