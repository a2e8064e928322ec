import { EnrolmentTally, scopeReferences, type RegistrationRow, type RowVerdict, type ScopeData } from '../domain/enrolment-tally';
import { BotError, GraphFailure } from '../domain/errors';
import type { ConditionalAccessPolicy } from '../domain/types';
import type { ScanResult } from '../domain/scan-result';
import { CsvFile } from '../exports/csv-file';
import { earliestIdentityIncident } from '../domain/identity-services';
import type { Services } from '../services';
import { messages } from '../messages';

const DAY = 86_400_000;

const CSV_HEADER = [
  'userPrincipalName',
  'displayName',
  'id',
  'userType',
  'isAdmin',
  'isMfaRegistered',
  'isMfaCapable',
  'isPasswordlessCapable',
  'methodsRegistered',
  'lastUpdatedDateTime',
  'newHire',
  'registrationChangedRecently',
  'lockoutRisk',
  'lockingPolicies',
];

/**
 * One pass over the tenant for `audit` and `lockout`:
 * 1. incident, new hires and policies at once; 2. members of the groups and roles the policies name;
 * 3. the registration report, streamed page by page into the tally (and the CSV);
 * 4. TAPs the report lists, confirmed in $batch; 5. the CSV closed. Any Graph failure aborts the whole scan.
 */
export async function scanTenant(services: Services, opts: { csv: boolean; needPolicies: boolean }): Promise<ScanResult> {
  const { directory, clock, config } = services;
  const notes: string[] = [];
  const optional = async <T>(p: Promise<T>, note: string): Promise<T | undefined> => {
    try {
      return await p;
    } catch (e) {
      if (!(e instanceof GraphFailure)) throw e;
      notes.push(note);
      return undefined;
    }
  };
  const started = clock.now();
  const policiesRead = services.conditionalAccess.listPolicies();
  const [incident, newHireIds, policies, disabledIds] = await Promise.all([
    optional(
      services.serviceHealth.listOpenIssues().then((open) => earliestIdentityIncident(open, services.identityServices)),
      messages.scanNoServiceHealth(),
    ),
    directory.findUserIdsCreatedSince(new Date(started - config.NEW_HIRE_DAYS * DAY).toISOString()),
    opts.needPolicies ? policiesRead : optional(policiesRead, messages.scanNoPolicies()),
    directory.findDisabledUserIds(),
  ]);
  const scope = policies ? await resolveScope(services, policies) : undefined;
  const incidentSince = incident ? Date.parse(incident.startDateTime) : undefined;
  const changedSince = incidentSince ?? started - DAY;
  const tally = new EnrolmentTally({ newHireIds, disabledIds, changedSince, incidentSince, scope });

  const csv = opts.csv ? new CsvFile(services.downloads.newFilePath(), CSV_HEADER) : undefined;
  try {
    for await (const page of services.registrationReport.readPages()) {
      for (const row of page) {
        const verdict = tally.add(row);
        if (csv && verdict && !verdict.tapPending) await csv.write(csvRow(row, verdict, scope !== undefined));
      }
    }
    const pending = [...tally.tapPending.keys()];
    const usable = pending.length ? await services.authMethods.findUsableTapHolders(pending, clock.now()) : new Set<string>();
    for (const { row, verdict } of tally.confirmTap(usable)) {
      if (csv) await csv.write(csvRow(row, verdict, true, usable.has(row.id.toLowerCase())));
    }
    await csv?.close();
  } catch (e) {
    csv?.discard();
    if (e instanceof GraphFailure) {
      throw new BotError(e.code, messages.scanIncomplete(e.userMessage, tally.total), { cause: e });
    }
    throw e;
  }
  return { tally, incident, policies, changedSince, finishedAt: clock.now(), csvPath: csv?.path, notes };
}

async function resolveScope(services: Services, policies: ConditionalAccessPolicy[]): Promise<ScopeData> {
  const refs = scopeReferences(policies);
  const [groups, roles] = await Promise.all([
    Promise.all(refs.groupIds.map(async (g) => [g, await services.directory.findUserIdsInGroup(g)] as const)),
    Promise.all(refs.roleTemplateIds.map(async (r) => [r, await services.directory.findUserIdsWithRole(r)] as const)),
  ]);
  return { policies, groups: new Map(groups), roles: new Map(roles) };
}

function csvRow(row: RegistrationRow, v: RowVerdict, policiesKnown: boolean, tapUsable = false) {
  const risk = !policiesKnown ? '' : v.atRisk ? 'yes' : tapUsable ? 'no (usable TAP)' : 'no';
  return [
    row.userPrincipalName,
    row.userDisplayName,
    row.id,
    row.userType ?? '',
    row.isAdmin,
    row.isMfaRegistered,
    row.isMfaCapable,
    row.isPasswordlessCapable,
    row.methodsRegistered.join(';'),
    row.lastUpdatedDateTime ?? '',
    v.newHire,
    v.changedRecently,
    risk,
    v.atRisk ? v.lockingPolicies.map((p) => p.displayName).join(';') : '',
  ];
}
