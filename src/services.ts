import type { Config } from './config';
import type { Clock } from './core/clock';
import type { Logger } from './logger';
import type { Store } from './ports/store';
import type { Directory } from './ports/directory';
import type { AuthMethods } from './ports/auth-methods';
import type { RegistrationReport } from './ports/registration-report';
import type { ConditionalAccess } from './ports/conditional-access';
import type { UserStatusReads } from './ports/user-status';
import type { HelpdeskGate } from './access/helpdesk-gate';
import type { Notifier } from './ports/notifier';
import type { InFlight } from './core/in-flight';
import type { ServiceHealth } from './ports/service-health';
import type { IdentityMatcher } from './domain/identity-services';
import type { DownloadLinks } from './exports/download-links';
import type { Outbox } from './delivery/outbox';
import type { TenantScans } from './domain/scan-result';
import type { TeamsApps } from './ports/teams-apps';
import type { SignIns } from './ports/sign-ins';
import type { KnownIncidents } from './ports/known-incidents';

/**
 * Everything a handler may use; built once in the composition root (start-bot.ts) and, with in-memory
 * fakes, by the fast handler tests (test/helpers/fakes.ts). Microsoft Graph is reached only through the ports.
 */
export interface Services {
  config: Config;
  logger: Logger;
  clock: Clock;
  store: Store;
  directory: Directory;
  authMethods: AuthMethods;
  registrationReport: RegistrationReport;
  conditionalAccess: ConditionalAccess;
  /** Installing the bot for someone who never talked to it, and the 1:1 chat that opens (notify). */
  teamsApps: TeamsApps;
  /** Entra sign-in logs, for who already failed with a lockout code (impact). */
  signIns: SignIns;
  /** `status` in one round trip: user, manager, methods, registration row, memberships. */
  userStatus: UserStatusReads;
  helpdesk: HelpdeskGate;
  /** Proactive messages (outside a turn): posts, thread replies, in-place updates, 1:1 chats. */
  notifier: Notifier;
  /** Everything proactive that may be stored goes through here: each message once, paced, retried. */
  outbox: Outbox;
  /** Work that outlives its turn (a slow command's final reply); shutdown waits for it. */
  background: InFlight;
  /** Microsoft 365 service health (health, subscribe) and which services count as identity. */
  serviceHealth: ServiceHealth;
  identityServices: IdentityMatcher;
  /** The incidents the poller last saw, from memory (banners, the impact window, the runbook). */
  incidents: KnownIncidents;
  /** Short-lived links to exports (audit CSV), served by GET /exports/:token. */
  downloads: DownloadLinks;
  /** The tenant scan behind `audit` and `lockout`, shared by everyone who asks while it runs. */
  scans: TenantScans;
}
