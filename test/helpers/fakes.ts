import { KnownIssues } from '../../src/features/incidents/known-issues';
import { FakeSignIns } from './fakes/fake-sign-ins';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HelpdeskGate } from '../../src/access/helpdesk-gate';
import { loadConfig, type Config } from '../../src/config';
import type { CommandInput, ConversationInfo, Requester } from '../../src/core/turn';
import { identityMatcher } from '../../src/domain/identity-services';
import { DownloadLinks } from '../../src/exports/download-links';
import { LocalExportFiles } from '../../src/exports/local-export-files';
import { InFlight } from '../../src/core/in-flight';
import { createLogger } from '../../src/logger';
import type { Services } from '../../src/services';
import { SqliteStore } from '../../src/storage/sqlite/sqlite-store';
import { FakeAuthMethods } from './fakes/fake-auth-methods';
import { FakeConditionalAccess } from './fakes/fake-conditional-access';
import { FakeDirectory } from './fakes/fake-directory';
import { FakeRegistrationReport } from './fakes/fake-registration-report';
import { FakeServiceHealth } from './fakes/fake-service-health';
import { FakeUserStatus } from './fakes/fake-user-status';
import { fixedClock } from './fakes/fixed-clock';
import { RecordingNotifier } from './fakes/recording-notifier';
import { OutboxWorker } from '../../src/delivery/outbox-worker';
import { PacedSender } from '../../src/delivery/paced-sender';
import { tapKinds } from '../../src/features/tap/tap-outbox-kinds';
import { SharedScans } from '../../src/features/scans/shared-scan';
import { scanTenant } from '../../src/features/scans/enrolment-scan';
import { FakeTeamsApps } from './fakes/fake-teams-apps';
import { notifyKinds } from '../../src/features/notify/notify-outbox-kinds';

export {
  FakeAuthMethods,
  FakeConditionalAccess,
  FakeDirectory,
  FakeRegistrationReport,
  FakeServiceHealth,
  FakeUserStatus,
  FakeTeamsApps,
  RecordingNotifier,
};
export { DAY_MS, FIXED_NOW, fixedClock } from './fakes/fixed-clock';
export type { FakeGroup, FakeRole, UserSeed } from './fakes/fake-directory';
export type { PolicySeed } from './fakes/fake-conditional-access';

/** Services for a handler test: every Graph port faked in memory, the store SQLite in memory, time standing still. */
export type FakeServices = Services & {
  directory: FakeDirectory;
  authMethods: FakeAuthMethods;
  registrationReport: FakeRegistrationReport;
  conditionalAccess: FakeConditionalAccess;
  serviceHealth: FakeServiceHealth;
  userStatus: FakeUserStatus;
  teamsApps: FakeTeamsApps;
  signIns: FakeSignIns;
  notifier: RecordingNotifier;
  store: SqliteStore;
};

/** The bot's configuration from these variables (as the environment would give them), writing below the temp dir. */
export function fakeConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ DATA_DIR: join(tmpdir(), 'mfa-bot-fakes'), LOG_LEVEL: 'silent', ...env });
}

/**
 * A whole `Services` without HTTP: seed the fakes through the returned object (`s.directory.addUser(…)`),
 * then call a handler with it. Anything given in `overrides` replaces the default, e.g. `{ config: fakeConfig({…}) }`.
 */
export function fakeServices<O extends Partial<Services> = Record<never, never>>(overrides: O = {} as O): Omit<FakeServices, keyof O> & O {
  const config = overrides.config ?? fakeConfig();
  const clock = overrides.clock ?? fixedClock();
  const logger = overrides.logger ?? createLogger('silent');
  const store = overrides.store ?? SqliteStore.open(':memory:');
  const directory = overrides.directory ?? new FakeDirectory(clock);
  const notifier = (overrides.notifier as RecordingNotifier | undefined) ?? new RecordingNotifier();
  // The real outbox over the store: TAP cards go through it exactly as in the bot, to the recording notifier.
  const outbox = new OutboxWorker({ store: store.outbox, leases: store.leases, notifier, sender: new PacedSender(logger), logger, clock });
  const authMethods = overrides.authMethods ?? new FakeAuthMethods(clock);
  const registrationReport = overrides.registrationReport ?? new FakeRegistrationReport();
  const defaults: FakeServices = {
    config,
    logger,
    clock,
    store: store as SqliteStore,
    directory: directory as FakeDirectory,
    authMethods: authMethods as FakeAuthMethods,
    registrationReport: registrationReport as FakeRegistrationReport,
    userStatus: new FakeUserStatus(directory, authMethods, registrationReport),
    teamsApps: new FakeTeamsApps(),
    signIns: new FakeSignIns(),
    conditionalAccess: new FakeConditionalAccess(),
    serviceHealth: new FakeServiceHealth(clock),
    helpdesk: new HelpdeskGate({
      groupId: config.HELPDESK_GROUP_ID,
      directory,
      logger,
      now: () => clock.now(),
      snapshots: store.snapshots,
      graceMs: config.HELPDESK_GRACE_HOURS * 3_600_000,
    }),
    notifier,
    outbox,
    background: new InFlight(),
    identityServices: identityMatcher(config.HEALTH_IDENTITY_SERVICES),
    incidents: new KnownIssues(store.health.issues, identityMatcher(config.HEALTH_IDENTITY_SERVICES)),
    downloads: new DownloadLinks(new LocalExportFiles(join(config.DATA_DIR, 'exports')), store.exportLinks, () => clock.now()),
    scans: new SharedScans((onProgress) => scanTenant(all, onProgress)),
  };
  const all = { ...defaults, ...overrides };
  outbox.register({ ...tapKinds(all), ...notifyKinds(all) });
  return all;
}

/** Someone on the helpdesk, not in any fake directory unless a test adds them. */
export const HELPDESK_AGENT: Requester = {
  teamsId: '29:helpdesk-agent',
  aadObjectId: 'f4ce0000-0000-4000-9000-00000000a9e7',
  name: 'Hank Helpdesk',
};

/** What a handler receives for `<verb> <args>` typed in a personal chat (or wherever `conversation` says). */
export function commandInput(args: string, opts: { requester?: Requester; conversation?: Partial<ConversationInfo> } = {}): CommandInput {
  const requester = opts.requester ?? HELPDESK_AGENT;
  const id = `a:personal-${requester.aadObjectId ?? 'anonymous'}`;
  return {
    args,
    requester,
    conversation: {
      id,
      kind: 'personal',
      tenantId: 'f4ce0000-0000-4000-8000-00000000beef',
      serviceUrl: 'https://smba.example/teams/',
      reference: { conversation: { id }, serviceUrl: 'https://smba.example/teams/' },
      ...opts.conversation,
    },
  };
}
