import { renderLockoutCard } from './lockout-card';
import { renderLockoutUserCard } from './lockout-user-card';
import type { CommandInput } from '../../core/turn';
import { card, type Reply } from '../../core/reply';
import { GraphFailure } from '../../domain/errors';
import type { Services } from '../../services';
import { lookUp } from '../status/look-up';
import { withProgress } from '../../kit/with-progress';
import { keepCohortIds } from './cohort-ids';
import { scanMessages } from './scan-messages';
import { isGraphDown, keepScan, lastKnownScan } from '../../kit/last-known';
import { noteRunbookTask } from '../incidents/runbook-steps';

/** `lockout`: the tenant-wide review; `lockout <user>`: one person explained. */
export async function runLockout(input: CommandInput, services: Services): Promise<Reply[]> {
  const term = input.args.trim();
  if (term) return explainOne(term, services);
  return withProgress(input, services, scanMessages.lockoutStarted(), async (progress) => {
    try {
      const scan = await services.scans.join({ csv: false, onProgress: (p) => progress(scanMessages.scanProgress('lockout review', p)) });
      // Without the policies there is no lockout review to show, only the reason.
      if (scan.policiesFailure) throw scan.policiesFailure;
      const shown = renderLockoutCard(scan, services.config.NEW_HIRE_DAYS);
      const summary = `Lockout review: ${scan.tally.atRisk.count} users at risk`;
      await keepScan(services, 'lockout', { card: shown, summary });
      await keepCohortIds(services, scan);
      await noteRunbookTask(services, 'lockout', 'done', input.requester);
      return card(shown, summary);
    } catch (e) {
      // Graph failing: the last completed review, said to be so.
      const kept = isGraphDown((e as { cause?: unknown }).cause ?? e) ? await lastKnownScan(services, 'lockout') : undefined;
      if (!kept) throw e;
      return card(kept.card, kept.summary);
    }
  });
}

async function explainOne(term: string, services: Services): Promise<Reply[]> {
  const found = await lookUp(term, 'lockout', services);
  if ('reply' in found) return [found.reply];
  const { status } = found;
  const names = await membershipNames(status.user.id, services);
  return [
    card(
      renderLockoutUserCard(status, services.clock.now(), services.config.NEW_HIRE_DAYS, names),
      `Lockout check for ${status.user.displayName}`,
    ),
  ];
}

/** Group and role names for the "excluded through …" lines; ids are shown if this read fails. */
async function membershipNames(userId: string, services: Services): Promise<Map<string, string>> {
  try {
    return await services.directory.getMembershipNames(userId);
  } catch (e) {
    if (!(e instanceof GraphFailure)) throw e;
    return new Map();
  }
}
