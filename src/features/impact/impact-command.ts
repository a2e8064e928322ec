import { deliverCsv, withCsv } from '../../kit/private-link';
import { renderImpactCard, type ImpactCardInput } from './impact-card';
import type { CommandInput } from '../../core/turn';
import { card, text, type Reply } from '../../core/reply';
import { earliestIdentityIncident } from '../../domain/identity-services';
import { DEFAULT_IMPACT_MINUTES, MAX_IMPACT_MINUTES, parseImpactMinutes, type ImpactWindow } from './sign-in-impact';
import { withProgress } from '../../kit/with-progress';
import { impactMessages } from './impact-messages';
import type { Services } from '../../services';
import { cohortIds } from '../scans/cohort-ids';
import { keepImpactFigures } from './impact-figures';
import { writeImpactCsv } from './impact-csv';
import { readImpact } from './read-impact';
import { noteRunbookTask } from '../incidents/runbook-steps';

const MINUTE = 60_000;

/** `impact [<minutes>]`: who already failed to sign in with a lockout code and hasn't got in since. */
export async function runImpact(input: CommandInput, services: Services): Promise<Reply[]> {
  const parsed = parseImpactMinutes(input.args);
  if ('error' in parsed) return [text(impactMessages.impactBadWindow(parsed.error))];
  const window = await windowFor(services, parsed.minutes);
  const minutes = Math.round((window.to - window.from) / MINUTE);
  return withProgress(
    input,
    services,
    impactMessages.impactStarted(impactMessages.impactSpan(minutes, window.incident?.id)),
    async (progress) => {
      const codes = services.config.LOCKOUT_ERROR_CODES;
      const [read, cohorts] = await Promise.all([
        readImpact(services.signIns, window, codes, (p) => progress(impactMessages.impactProgress(p))),
        cohortIds(services),
      ]);
      const { result } = read;
      const overlap: ImpactCardInput['overlap'] =
        'failure' in cohorts
          ? { unavailable: impactMessages.impactNoComparison() }
          : {
              atRisk: result.blocked.filter((u) => cohorts.atRisk.includes(u.id.toLowerCase())).length,
              newHires: result.blocked.filter((u) => cohorts.newHires.includes(u.id.toLowerCase())).length,
              at: cohorts.at,
            };
      if (window.incident) await keepImpactFigures(services, window.incident.id, result, window.to);
      await noteRunbookTask(services, 'impact', 'done', input.requester);
      const shown = renderImpactCard({ window, result, overlap, codes });
      const summary = `Sign-in impact: ${result.blocked.length} users blocked`;
      if (!result.blocked.length) return card(shown, summary);
      const atRisk = 'failure' in cohorts ? undefined : new Set(cohorts.atRisk);
      const newHires = 'failure' in cohorts ? undefined : new Set(cohorts.newHires);
      const path = await writeImpactCsv(services, result, atRisk, newHires);
      const csv = await deliverCsv(input, services, path, window.to, { file: 'mfa-impact', words: 'sign-in impact CSV' });
      return card(withCsv(shown, csv, 'Everyone blocked, as CSV'), summary);
    },
  );
}

/** Since the open identity incident began (at most 24 h), else the last hour; or the minutes asked for. */
async function windowFor(services: Services, minutes: number | undefined): Promise<ImpactWindow> {
  const to = services.clock.now();
  if (minutes !== undefined) return { from: to - minutes * MINUTE, to, source: 'argument' };
  const open = await services.incidents.open(to).catch(() => []);
  const incident = earliestIdentityIncident(open, services.identityServices);
  const began = incident ? Date.parse(incident.startDateTime) : NaN;
  if (incident && began < to)
    return {
      from: Math.max(began, to - MAX_IMPACT_MINUTES * MINUTE),
      to,
      source: 'incident',
      incident: { id: incident.id, title: incident.title },
    };
  return { from: to - DEFAULT_IMPACT_MINUTES * MINUTE, to, source: 'default' };
}
