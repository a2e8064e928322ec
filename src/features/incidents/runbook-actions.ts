import { renderIncidentCard } from './incident-card';
import type { CardAction, CardActionInput, CardActionResult } from '../../core/card-action';
import type { HealthIssue } from '../../domain/health-types';
import { RUNBOOK_TASKS, TASK_COMMANDS, type RunbookTask } from './runbook';
import { noteRunbookTask } from './runbook-steps';
import { exportReport } from './report';
import { gatherReport } from './gather-report';
import { incidentMessages } from './incident-messages';
import { messages } from '../../kit/messages';
import { hasRunbook, readRunbook } from './runbook-state';
import type { Services } from '../../services';

const error = (status: 400 | 403 | 404, code: string, message: string): CardActionResult => ({ kind: 'error', status, code, message });

async function loadIncident(input: CardActionInput, services: Services): Promise<{ issue: HealthIssue } | { result: CardActionResult }> {
  const id = input.data.incidentId;
  if (typeof id !== 'string' || !/^[\w-]{1,64}$/.test(id))
    return { result: error(400, 'BadRequest', incidentMessages.runbookNoIncident()) };
  const issue = await services.store.health.issues.get(id);
  if (!issue || !hasRunbook(issue, services.identityServices))
    return { result: error(404, 'NotFound', incidentMessages.runbookNoIncident()) };
  return { issue };
}

/** The card as everyone sees it now: the incident as the poller last saw it, with the runbook's state. */
async function currentCard(issue: HealthIssue, services: Services): Promise<CardActionResult> {
  const runbook = await readRunbook(services.store.snapshots, issue.id, services.clock.now());
  return { kind: 'card', card: renderIncidentCard(issue, runbook) };
}

/**
 * A runbook button: re-checked against the helpdesk group (the card is in a channel anyone may read), marked
 * started, and the command run as if the clicker had typed it, its answer posted where the card is. The
 * command marks the task done when it succeeds, and every copy of the card is updated then.
 */
function taskAction(task: RunbookTask): CardAction<Services> {
  return {
    verb: `runbook.${task}`,
    button: true,
    run: async (input, services) => {
      const loaded = await loadIncident(input, services);
      if ('result' in loaded) return loaded.result;
      const { issue } = loaded;
      if (!input.invoker.aadObjectId) return error(403, 'NotAllowed', messages.noIdentity(TASK_COMMANDS[task]));
      if (!services.helpdesk.open && !(await services.helpdesk.allows(input.invoker))) {
        services.logger.info(
          { verb: input.verb, invoker: input.invoker.aadObjectId },
          'refused a runbook action: not in the helpdesk group',
        );
        return error(403, 'NotHelpdesk', incidentMessages.runbookNotHelpdesk());
      }
      if (issue.isResolved) return currentCard(issue, services);
      await noteRunbookTask(services, task, 'started', input.invoker, issue.id);
      const shown = await currentCard(issue, services);
      return shown.kind === 'card' ? { ...shown, then: { command: TASK_COMMANDS[task] } } : shown;
    },
  };
}

/** The report's Markdown export: minted for the clicker alone (a helpdesk member), like the audit CSV. */
const exportAction: CardAction<Services> = {
  verb: 'report.export',
  button: true,
  run: async (input, services) => {
    const loaded = await loadIncident(input, services);
    if ('result' in loaded) return loaded.result;
    if (!input.invoker.aadObjectId) return error(403, 'NotAllowed', messages.noIdentity('report'));
    if (!services.helpdesk.open && !(await services.helpdesk.allows(input.invoker)))
      return error(403, 'NotHelpdesk', messages.notHelpdesk('report'));
    const report = await gatherReport(services, loaded.issue, services.clock.now());
    const link = await exportReport({ args: '', requester: input.invoker, conversation: input.conversation }, services, report);
    if (!link) return { kind: 'message', text: messages.csvNotDelivered() };
    if ('url' in link)
      return { kind: 'message', text: messages.csvLinkPrivate(link.url, link.expiresAt, `report on ${loaded.issue.id} (Markdown)`) };
    return { kind: 'message', text: 'sentPrivately' in link ? incidentMessages.reportLinkSent() : link.unavailable };
  },
};

export const RUNBOOK_CARD_ACTIONS: CardAction<Services>[] = [
  exportAction,
  ...RUNBOOK_TASKS.map(taskAction),
  {
    verb: 'runbook.refresh',
    button: true,
    run: async (input, services) => {
      const loaded = await loadIncident(input, services);
      return 'result' in loaded ? loaded.result : currentCard(loaded.issue, services);
    },
  },
];
