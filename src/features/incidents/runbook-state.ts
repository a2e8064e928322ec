import type { Clock } from '../../core/clock';
import type { Outbox } from '../../delivery/outbox';
import type { HealthIssue } from '../../domain/health-types';
import type { IdentityMatcher } from '../../domain/identity-services';
import { nextRecord, RUNBOOK_TASKS, type RunbookState, type RunbookTask, type TaskRecord } from './runbook';
import type { Logger } from '../../logger';
import type { KnownIncidents } from '../../ports/known-incidents';
import type { SnapshotStore } from '../../ports/snapshot-store';
import type { Store } from '../../ports/store';
import { runbookUpdateItems } from './incident-items';
import { mapLimit } from '../../core/map-limit';

/** Kept as long as a post-incident report may be asked for: who did what is the record of the incident. */
const KEEP_MS = 30 * 24 * 3_600_000;
const keyOf = (incidentId: string, task: RunbookTask) => `${incidentId}:${task}`;

/** The runbook is for identity incidents only: the MFA outage guidance has nothing to say about Exchange. */
export function hasRunbook(issue: HealthIssue, identity: IdentityMatcher): boolean {
  return issue.classification === 'incident' && identity.isIdentityIssue(issue);
}

export async function readRunbook(snapshots: SnapshotStore, incidentId: string, now: number): Promise<RunbookState> {
  const records = await Promise.all(RUNBOOK_TASKS.map((t) => snapshots.get<TaskRecord>('runbook', keyOf(incidentId, t), now)));
  const state: RunbookState = {};
  RUNBOOK_TASKS.forEach((t, i) => {
    if (records[i]) state[t] = records[i].value;
  });
  return state;
}

export interface RunbookDeps {
  store: Store;
  outbox: Outbox;
  clock: Clock;
  identity: IdentityMatcher;
  logger: Logger;
  incidents: KnownIncidents;
}

/**
 * Records that someone started or finished a runbook task, on every open identity incident (or the one named).
 * A finished task updates the incident card in every conversation that has it, through the outbox, so everyone
 * sees it; a start shows on the card that was clicked. Never throws: the command it records has already answered.
 */
export async function recordRunbookTask(
  deps: RunbookDeps,
  task: RunbookTask,
  record: Omit<TaskRecord, 'at'>,
  only?: string,
): Promise<string[]> {
  const { store, clock, identity, logger } = deps;
  const at = clock.now();
  try {
    const open = (await deps.incidents.open(at)).filter((i) => hasRunbook(i, identity) && (!only || i.id === only));
    const changed: string[] = [];
    for (const issue of open) {
      const key = keyOf(issue.id, task);
      const current = await store.snapshots.get<TaskRecord>('runbook', key, at);
      const next = nextRecord(current?.value, { ...record, at });
      if (!next) continue;
      await store.snapshots.put('runbook', [{ key, value: next, at, expiresAt: at + KEEP_MS }]);
      changed.push(issue.id);
      if (next.state === 'done') await enqueueCardUpdates(deps, issue, `${task}:${at}`);
    }
    return changed;
  } catch (err) {
    logger.warn({ err, task }, 'could not record the runbook step');
    return [];
  }
}

async function enqueueCardUpdates(deps: RunbookDeps, issue: HealthIssue, stamp: string): Promise<void> {
  // A record without progress has no card out yet: when it goes, it shows the runbook as it is then.
  const records = [...(await deps.store.health.progress.forIssue(issue.id)).values()].filter((r) => r.progress);
  // Read side by side: on Table Storage each is a round trip, and the command's answer waits for this.
  const subs = await mapLimit(records, 16, (r) => deps.store.health.subscriptions.get(r.subscriptionKey));
  const items = records.flatMap((record, n) => {
    const sub = subs[n];
    return sub?.active ? runbookUpdateItems(issue, sub, record, stamp) : [];
  });
  if (items.length) await deps.outbox.enqueue(items);
}
