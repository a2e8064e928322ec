import { atPriority } from '../../core/graph-priority';
import type { Audience, CohortName, Recipient } from '../../domain/campaign';
import { BotError } from '../../domain/errors';
import type { ScanResult } from '../../domain/scan-result';
import { notifyMessages } from './notify-messages';
import type { Services } from '../../services';

export const SAMPLE = 5;

export interface Audienced {
  recipients: Recipient[];
  /** Cohort members counted (for a digest campaign, the people the digests name). */
  members: number;
  /** Managers only: members with no manager in the directory. */
  withoutManager: number;
  /** Recipients the bot already has a 1:1 chat with; the others need the app installed for them. */
  knownChats: number;
  sample: string[];
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'en');

/**
 * Who a campaign goes to, from one completed scan (the same pass as audit and lockout): the cohort's members,
 * or their managers with the names of their reports in it (managers read in $batch, never one call per user).
 */
export async function audienceOf(scan: ScanResult, cohort: CohortName, audience: Audience, services: Services): Promise<Audienced> {
  if (cohort === 'at-risk' && scan.policiesFailure)
    throw new BotError('GRAPH_UNAVAILABLE', notifyMessages.noPolicies(), { cause: scan.policiesFailure });
  const members = scan.tally.members(cohort);
  let recipients: Recipient[];
  let withoutManager = 0;
  if (audience === 'people') {
    recipients = members.map((m) => ({ id: m.id, name: m.name }));
  } else {
    const managers = await atPriority('scan', () => services.directory.findManagers(members.map((m) => m.id)));
    const digests = new Map<string, Recipient & { reports: string[] }>();
    for (const m of members) {
      const manager = managers.get(m.id);
      if (!manager) {
        withoutManager++;
        continue;
      }
      const digest = digests.get(manager.id) ?? { id: manager.id, name: manager.name, reports: [] };
      digest.reports.push(m.name);
      digests.set(manager.id, digest);
    }
    recipients = [...digests.values()].sort(byName).map((d) => ({ ...d, reports: d.reports.sort((a, b) => a.localeCompare(b, 'en')) }));
  }
  const known = await services.store.people.knownPersonalChats(recipients.map((r) => r.id));
  return {
    recipients,
    members: members.length,
    withoutManager,
    knownChats: recipients.filter((r) => known.has(r.id)).length,
    sample: recipients.slice(0, SAMPLE).map((r) => r.name),
  };
}
