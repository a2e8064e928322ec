import { EnrolmentTally, scopeReferences, type RegistrationRow, type RowVerdict, type ScopeData } from '../../domain/enrolment-tally';
import { BotError, GraphFailure } from '../../domain/errors';
import type { ConditionalAccessPolicy, RegistrationDetails } from '../../domain/directory-types';
import type { ScanProgress, ScanResult } from '../../domain/scan-result';
import { atPriority } from '../../core/graph-priority';
import type { IdentityIncident } from '../../domain/identity-services';
import { CsvFile } from '../../exports/csv-file';
import { earliestIdentityIncident } from '../../domain/identity-services';
import type { Services } from '../../services';
import { scanMessages } from './scan-messages';

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
 * One pass over the tenant for `audit` and `lockout`, at scan priority (lookups go first):
 * 1. incident, new hires, policies, disabled accounts and the user count at once; 2. members of the groups
 * and roles the policies name; 3. the registration report, streamed page by page into the tally, the CSV
 * and the registration snapshot `status` falls back on; 4. TAPs the report lists, confirmed in $batch;
 * 5. the CSV closed. Any Graph failure after step 1 aborts the whole scan; policies are optional.
 */
export function scanTenant(services: Services, onProgress: (p: ScanProgress) => void = () => undefined): Promise<ScanResult> {
  return atPriority('scan', () => scan(services, onProgress));
}

async function scan(services: Services, onProgress: (p: ScanProgress) => void): Promise<ScanResult> {
  const { directory, clock, config } = services;
  const notes: string[] = [];
  const optional = async <T>(p: Promise<T>, note?: string): Promise<T | GraphFailure> => {
    try {
      return await p;
    } catch (e) {
      if (!(e instanceof GraphFailure)) throw e;
      if (note) notes.push(note);
      return e;
    }
  };
  const startedAt = clock.now();
  const [incident, newHireIds, policies, disabledIds, totalUsers] = await Promise.all([
    optional(
      services.serviceHealth.listOpenIssues().then((open) => earliestIdentityIncident(open, services.identityServices)),
      scanMessages.scanNoServiceHealth(),
    ),
    directory.findUserIdsCreatedSince(new Date(startedAt - config.NEW_HIRE_DAYS * DAY).toISOString()),
    optional(services.conditionalAccess.listPolicies(), scanMessages.scanNoPolicies()),
    directory.findDisabledUserIds(),
    optional(directory.countUsers()),
  ]);
  const known = (v: unknown) => !(v instanceof GraphFailure);
  const scope = known(policies) ? await resolveScope(services, policies as ConditionalAccessPolicy[]) : undefined;
  const openIncident = known(incident) ? (incident as IdentityIncident | undefined) : undefined;
  const incidentSince = openIncident ? Date.parse(openIncident.startDateTime) : undefined;
  const changedSince = incidentSince ?? startedAt - DAY;
  const tally = new EnrolmentTally({ newHireIds, disabledIds, changedSince, incidentSince, scope });

  const csv = new CsvFile(services.downloads.newFile(), CSV_HEADER);
  const keepUntil = (at: number) => at + config.LAST_KNOWN_HOURS * 3_600_000;
  let pagesRead = 0;
  let pageSize: number | undefined;
  try {
    for await (const page of services.registrationReport.readPages()) {
      const at = clock.now();
      pagesRead++;
      pageSize ??= page.length || undefined;
      for (const row of page) {
        const verdict = tally.add(row);
        if (verdict && !verdict.tapPending) await csv.write(csvRow(row, verdict, scope !== undefined));
      }
      await services.store.snapshots.put(
        'registration',
        page.map((row) => ({ key: row.id, value: reportFields(row), at, expiresAt: keepUntil(at) })),
      );
      onProgress({
        phase: 'report',
        usersRead: tally.total,
        pagesRead,
        pageSize,
        totalUsers: known(totalUsers) ? (totalUsers as number | undefined) : undefined,
        startedAt,
        at,
      });
    }
    const pending = [...tally.tapPending.keys()];
    if (pending.length) onProgress({ phase: 'taps', usersRead: tally.total, tapsToConfirm: pending.length });
    const usable = pending.length ? await services.authMethods.findUsableTapHolders(pending, clock.now()) : new Set<string>();
    for (const { row, verdict } of tally.confirmTap(usable)) {
      await csv.write(csvRow(row, verdict, true, usable.has(row.id.toLowerCase())));
    }
    await csv.close();
  } catch (e) {
    await csv.discard();
    if (e instanceof GraphFailure) {
      throw new BotError(e.code, scanMessages.scanIncomplete(e.userMessage, tally.total), { cause: e });
    }
    throw e;
  }
  return {
    tally,
    incident: openIncident,
    policies: known(policies) ? (policies as ConditionalAccessPolicy[]) : undefined,
    policiesFailure: known(policies) ? undefined : (policies as GraphFailure),
    changedSince,
    startedAt,
    finishedAt: clock.now(),
    csvPath: csv.path,
    notes,
  };
}

/** The report's own fields `status` shows, and nothing else Graph sent along. */
function reportFields(
  row: RegistrationRow & Partial<RegistrationDetails>,
): RegistrationDetails & { id: string; userPrincipalName: string } {
  return {
    id: row.id,
    userPrincipalName: row.userPrincipalName,
    isAdmin: row.isAdmin,
    isMfaRegistered: row.isMfaRegistered,
    isMfaCapable: row.isMfaCapable,
    isPasswordlessCapable: row.isPasswordlessCapable,
    methodsRegistered: row.methodsRegistered ?? [],
    userPreferredMethodForSecondaryAuthentication: row.userPreferredMethodForSecondaryAuthentication,
    systemPreferredAuthenticationMethods: row.systemPreferredAuthenticationMethods,
    isSystemPreferredAuthenticationMethodEnabled: row.isSystemPreferredAuthenticationMethodEnabled,
    lastUpdatedDateTime: row.lastUpdatedDateTime,
  };
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
