import { renderAuditCard, withCsv, type AuditCardInput } from '../cards/audit-card';
import type { ScanResult } from '../domain/scan-result';
import { isGraphDown, keepScan, lastKnownScan } from './last-known';
import type { CommandInput } from '../core/turn';
import { card, text, type Reply } from '../core/reply';
import type { Services } from '../services';
import { withProgress } from './with-progress';
import { keepCohortIds } from './cohort-ids';
import { messages } from '../messages';
import { noteRunbookTask } from './runbook-steps';

/** `audit`: the registration report, counted; the CSV link goes to the requester only. */
export async function runAudit(input: CommandInput, services: Services): Promise<Reply[]> {
  return withProgress(input, services, messages.auditStarted(), async (progress) => {
    let scan: ScanResult;
    try {
      scan = await services.scans.join({ csv: true, onProgress: (p) => progress(messages.scanProgress('audit', p)) });
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

/**
 * The link is minted for the requester (already checked against the helpdesk group). In a personal
 * chat only they see the card; anywhere else the link goes to their 1:1 chat, never to the channel.
 */
export async function deliverCsv(
  input: CommandInput,
  services: Services,
  path: string,
  at: number,
  what: { file: string; words: string; ext?: string } = { file: 'mfa-audit', words: 'MFA audit CSV' },
): Promise<AuditCardInput['csv']> {
  const owner = input.requester.aadObjectId;
  if (!owner) return { unavailable: messages.csvNoIdentity() };
  const filename = `${what.file}-${new Date(at).toISOString().slice(0, 16).replace(/[-:T]/g, '')}.${what.ext ?? 'csv'}`;
  const link = await services.downloads.mint(path, filename, owner);
  if (input.conversation.kind === 'personal') return link;
  try {
    await services.notifier.sendToUser(
      { aadObjectId: owner, tenantId: input.conversation.tenantId ?? '', serviceUrl: input.conversation.serviceUrl },
      text(messages.csvLinkPrivate(link.url, link.expiresAt, what.words)),
    );
    return { sentPrivately: true, expiresAt: link.expiresAt };
  } catch (err) {
    services.logger.warn({ err }, 'could not send the CSV link privately');
    return { unavailable: messages.csvNotDelivered() };
  }
}
