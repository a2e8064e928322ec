/**
 * The runbook on an identity incident's card: the four steps Microsoft's guidance gives admins during an MFA
 * outage, with who did each and when. Pure: the state is stored per incident and step (snapshots 'runbook').
 */
export type RunbookTask = 'audit' | 'lockout' | 'impact' | 'notify';
export const RUNBOOK_TASKS: RunbookTask[] = ['audit', 'lockout', 'impact', 'notify'];

export interface TaskRecord {
  state: 'started' | 'done';
  by: string;
  at: number;
}

export type RunbookState = Partial<Record<RunbookTask, TaskRecord>>;

/** What a click runs, as the person would type it (so it is checked and answered exactly like the command). */
export const TASK_COMMANDS: Record<RunbookTask, string> = {
  audit: 'audit',
  lockout: 'lockout',
  impact: 'impact',
  notify: 'notify preview at-risk',
};

/** A later record wins, except that "started" never hides a "done". */
export function nextRecord(current: TaskRecord | undefined, incoming: TaskRecord): TaskRecord | undefined {
  if (!current) return incoming;
  if (incoming.state === 'started' && current.state === 'done') return undefined;
  return incoming.at >= current.at ? incoming : undefined;
}

export function isRunbookTask(value: unknown): value is RunbookTask {
  return typeof value === 'string' && (RUNBOOK_TASKS as string[]).includes(value);
}
