import { renderAuditCard } from './audit-card';
import { deliverCsv, withCsv } from '../../kit/private-link';
import type { ScanResult } from '../../domain/scan-result';
import { isGraphDown, keepScan, lastKnownScan } from '../../kit/last-known';
import type { CommandInput } from '../../core/turn';
import { card, type Reply } from '../../core/reply';
import type { Services } from '../../services';
import { withProgress } from '../../kit/with-progress';
import { keepCohortIds } from './cohort-ids';
import { scanMessages } from './scan-messages';
import { noteRunbookTask } from '../incidents/runbook-steps';

/** `audit`: the registration report, counted; the CSV link goes to the requester only. */
export async function runAudit(input: CommandInput, services: Services): Promise<Reply[]> {
  return withProgress(input, services, scanMessages.auditStarted(), async (progress) => {
    let scan: ScanResult;
    try {
      scan = await services.scans.join({ csv: true, onProgress: (p) => progress(scanMessages.scanProgress('audit', p)) });
    } catch (e) {
      // Graph failing: the last completed audit, said to be so, with a fresh link if its file is still there.
      const kept = isGraphDown((e as { cause?: unknown }).cause ?? e) ? await lastKnownScan(services, 'audit') : undefined;
      if (!kept) throw e;
      const csv =
        kept.csvPath && (await services.downloads.files.exists(kept.csvPath))
          ? await deliverCsv(input, services, kept.csvPath, kept.at)
          : undefined;
      return card(withCsv(kept.card, csv), kept.summary);
    }
    const summary = `MFA audit: ${scan.tally.notRegistered.count} of ${scan.tally.total} users not registered`;
    const shown = renderAuditCard({ scan, newHireDays: services.config.NEW_HIRE_DAYS });
    await keepScan(services, 'audit', { card: shown, summary, csvPath: scan.csvPath });
    await keepCohortIds(services, scan);
    await noteRunbookTask(services, 'audit', 'done', input.requester);
    const csv = await deliverCsv(input, services, scan.csvPath!, scan.finishedAt);
    return card(withCsv(shown, csv), summary);
  });
}
