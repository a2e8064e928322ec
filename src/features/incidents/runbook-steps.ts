import type { Requester } from '../../core/turn';
import type { RunbookTask } from './runbook';
import { recordRunbookTask } from './runbook-state';
import type { Services } from '../../services';

/** A runbook task started or done by this person, on every open identity incident (or the one named). */
export function noteRunbookTask(
  services: Services,
  task: RunbookTask,
  state: 'started' | 'done',
  who: Requester,
  incidentId?: string,
): Promise<string[]> {
  return recordRunbookTask(
    {
      store: services.store,
      outbox: services.outbox,
      clock: services.clock,
      identity: services.identityServices,
      logger: services.logger,
      incidents: services.incidents,
    },
    task,
    { state, by: who.name || 'a helpdesk member' },
    incidentId,
  );
}
