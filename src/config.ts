import { z } from 'zod';
import { isLoopbackHost, isLoopbackUrl } from './domain/loopback';
import { DOCUMENTED_LIMITS, parseWindows } from './domain/graph-limit-settings';
import { parseLockoutCodes } from './domain/sign-in-codes';

/** Everything the bot reads from its environment, parsed once. */
export type Config = Readonly<Omit<z.output<typeof configSchema>, 'HOST' | 'GRAPH_AUTH'>> & {
  readonly HOST: string;
  readonly GRAPH_AUTH: 'client-secret' | 'certificate' | 'managed-identity' | 'none';
  readonly demoMode: boolean;
  readonly authEnabled: boolean;
};

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no', '']).transform((v) => v === 'true' || v === '1' || v === 'yes');
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : undefined));
const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be an Entra object id (GUID)');
const optionalGuid = optionalString.pipe(guid.optional());
const int = (min: number, max: number, def: number) =>
  z.preprocess((v) => (v === undefined || v === '' ? def : Number(v)), z.number().int().min(min).max(max));

const limits = (def: string) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? def : v),
    z.string().refine(
      (v) => {
        try {
          parseWindows(v);
          return true;
        } catch {
          return false;
        }
      },
      { message: 'must be one or more limits like 5/10s (comma-separated)' },
    ),
  );

const configSchema = z.object({
  PORT: int(0, 65535, 3978),
  HOST: optionalString,
  BOT_ID: optionalString,
  BOT_PASSWORD: optionalString,
  BOT_TYPE: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  ),
  BOT_TENANT_ID: optionalString,
  /** Overrides for the inbound token checks; used by tests with a local OpenID issuer and by sovereign clouds. */
  BOT_OPENID_METADATA: optionalString,
  BOT_TOKEN_ISSUER: optionalString,
  GRAPH_BASE_URL: optionalString.pipe(z.string().url('must be a URL such as https://graph.microsoft.com/v1.0').optional()),
  GRAPH_AUTH: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.enum(['client-secret', 'certificate', 'managed-identity', 'none']).optional(),
  ),
  GRAPH_TENANT_ID: optionalString,
  GRAPH_CLIENT_ID: optionalString,
  GRAPH_CLIENT_SECRET: optionalString,
  GRAPH_CERTIFICATE_PATH: optionalString,
  DATA_DIR: z.string().default('./data'),
  /** sqlite: one instance, a file in DATA_DIR. table: Azure Table Storage (and Blob Storage for files), any number of instances. */
  STORE: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['sqlite', 'table']).default('sqlite')),
  AZURE_STORAGE_CONNECTION_STRING: optionalString,
  AZURE_STORAGE_ACCOUNT_URL: optionalString.pipe(
    z.string().url('must be a URL such as https://<account>.blob.core.windows.net').optional(),
  ),
  AZURE_STORAGE_TABLE_URL: optionalString.pipe(z.string().url('must be a URL such as https://<account>.table.core.windows.net').optional()),
  AZURE_STORAGE_BLOB_URL: optionalString.pipe(z.string().url('must be a URL such as https://<account>.blob.core.windows.net').optional()),
  /** The user-assigned managed identity that signs in to Azure Storage; unset: the system-assigned one. */
  AZURE_CLIENT_ID: optionalString,
  /** Table and container names start with it, so several bots can share one storage account. */
  STORE_PREFIX: z.preprocess(
    (v) => (v === undefined || v === '' ? 'mfabot' : v),
    z
      .string()
      .regex(/^[a-z][a-z0-9]{2,29}$/, 'must be 3–30 lower-case letters and digits, starting with a letter (table and container names)'),
  ),
  /** The bot's public https root (e.g. https://mfa-bot.contoso.com) for download links; defaults to where it listens. */
  PUBLIC_URL: optionalString.pipe(z.string().url('must be a URL such as https://mfa-bot.contoso.com').optional()),
  HELPDESK_GROUP_ID: optionalGuid,
  APPROVER_GROUP_ID: optionalGuid,
  POLL_INTERVAL_SECONDS: int(1, 3600, 60),
  /** Extra service display names that count as identity (comma-separated), besides Microsoft Entra and its former names. */
  HEALTH_IDENTITY_SERVICES: z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : [],
    z.array(z.string()),
  ),
  NEW_HIRE_DAYS: int(0, 3650, 14),
  /** How long the bot keeps what it last saw of a user (registration rows from scans, last good answers): personal data. */
  LAST_KNOWN_HOURS: int(1, 720, 24),
  /** While Graph fails, a helpdesk member confirmed within this long keeps access. */
  HELPDESK_GRACE_HOURS: int(0, 720, 24),
  TAP_LIFETIME_MINUTES: z.preprocess(
    (v) => (v === undefined || v === '' ? undefined : Number(v)),
    z.number().int().min(10).max(43200).optional(),
  ),
  TAP_ONE_TIME: z.preprocess((v) => (v === undefined || v === '' ? undefined : v), bool.optional()),
  TAP_ALLOW_PRIVILEGED: z.preprocess((v) => v ?? 'false', bool),
  TAP_REQUESTS_PER_HOUR: int(1, 1000, 10),
  TAP_REQUEST_TTL_MINUTES: int(1, 1440, 30),
  /** How long a TAP request waits for Microsoft Graph: held before its checks, or approved but not yet created. */
  TAP_HOLD_HOURS: int(1, 72, 4),
  /** Graph throttling budgets (`<limit>/<seconds>s`, comma-separated windows); defaults are Microsoft's documented figures. */
  GRAPH_LIMIT_REPORTS: limits(DOCUMENTED_LIMITS.reports),
  GRAPH_LIMIT_CONDITIONAL_ACCESS: limits(DOCUMENTED_LIMITS.conditionalAccess),
  GRAPH_LIMIT_SERVICE_HEALTH: limits(DOCUMENTED_LIMITS.serviceHealth),
  GRAPH_LIMIT_TEAMS: limits(DOCUMENTED_LIMITS.teams),
  /** How people reach the helpdesk (a phone number or an https link); every `notify` notice ends with it. Required for notify. */
  HELPDESK_CONTACT: optionalString.pipe(z.string().max(200, 'keep it under 200 characters').optional()),
  /**
   * The bot's id in the org app catalog (GET /appCatalogs/teamsApps?$filter=externalId eq '<manifest id>'; for a
   * Store app the manifest id): `notify` installs the bot with it for people who never talked to it.
   */
  TEAMS_APP_CATALOG_ID: optionalString.pipe(
    z
      .string()
      .regex(/^[\w-]{1,100}$/, 'must be the app id from the app catalog')
      .optional(),
  ),
  /**
   * Sign-in error codes `impact` counts as "blocked on MFA registration or strong authentication". Microsoft
   * changes codes now and then, so they are configuration; each known one has its plain meaning on the card.
   */
  LOCKOUT_ERROR_CODES: z.preprocess(
    (v) => (v === undefined || v === '' ? '50079,50072,53004,53010,500121,53003' : v),
    z.string().transform((v, ctx) => {
      try {
        return parseLockoutCodes(v);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: `must be ${(e as Error).message}` });
        return z.NEVER;
      }
    }),
  ),
  /** A notify campaign to more recipients than this needs a second helpdesk member to confirm it. */
  NOTIFY_SECOND_APPROVAL_OVER: int(0, 1_000_000, 50),
  /** Log what the outbox would send (incident posts, TAP cards and notices) and send none of it. */
  DELIVERY_DRY_RUN: z.preprocess((v) => v ?? 'false', bool),
  LOG_LEVEL: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  /**
   * Traces and metrics: off unless an exporter is named. OTLP/HTTP to a collector at this root (/v1/traces and
   * /v1/metrics are appended), with optional headers (`key=value,…`, e.g. an API key: never logged).
   */
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalString.pipe(z.string().url('must be a URL such as http://localhost:4318').optional()),
  OTEL_EXPORTER_OTLP_HEADERS: optionalString,
  /** Azure Monitor (Application Insights); a secret-like value, never logged. */
  APPLICATIONINSIGHTS_CONNECTION_STRING: optionalString,
  OTEL_SERVICE_NAME: optionalString.transform((v) => v ?? 'mfa-bot'),
  /** Milliseconds between metric exports, and the longest a finished span waits to be sent. */
  OTEL_METRIC_EXPORT_INTERVAL: int(100, 3_600_000, 60_000),
  OTEL_BSP_SCHEDULE_DELAY: int(10, 600_000, 5_000),
  /** `true` turns every exporter off whatever else is set. */
  OTEL_SDK_DISABLED: z.preprocess((v) => v ?? 'false', bool),
  /** Demo only: how fast the simulated outage plays out (1 = real time). */
  SIMULATOR_TIMELINE_SPEED: z.preprocess((v) => (v === undefined || v === '' ? 1 : Number(v)), z.number().positive()),
  SIMULATOR_PORT: int(0, 65535, 0),
});

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`mfa-bot cannot start; fix the configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses and cross-checks the environment; throws one ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`));
  }
  const c = parsed.data;
  const problems: string[] = [];
  const hasGraphCredentials = Boolean(c.GRAPH_CLIENT_ID || c.GRAPH_CLIENT_SECRET || c.GRAPH_CERTIFICATE_PATH || c.GRAPH_AUTH);
  const demoMode = !c.GRAPH_BASE_URL && !hasGraphCredentials;
  const graphAuth: Config['GRAPH_AUTH'] =
    c.GRAPH_AUTH ??
    (demoMode ? 'none' : c.GRAPH_CERTIFICATE_PATH ? 'certificate' : c.GRAPH_CLIENT_SECRET ? 'client-secret' : 'managed-identity');

  if (graphAuth === 'client-secret') {
    for (const key of ['GRAPH_TENANT_ID', 'GRAPH_CLIENT_ID', 'GRAPH_CLIENT_SECRET'] as const) {
      if (!c[key]) problems.push(`${key}: required when GRAPH_AUTH=client-secret`);
    }
  }
  if (graphAuth === 'certificate') {
    for (const key of ['GRAPH_TENANT_ID', 'GRAPH_CLIENT_ID', 'GRAPH_CERTIFICATE_PATH'] as const) {
      if (!c[key]) problems.push(`${key}: required when GRAPH_AUTH=certificate`);
    }
  }
  if (graphAuth === 'none' && c.GRAPH_BASE_URL && !isLoopbackUrl(c.GRAPH_BASE_URL)) {
    problems.push('GRAPH_AUTH: "none" is only allowed when GRAPH_BASE_URL points at this machine (localhost / 127.0.0.1)');
  }
  if (c.BOT_ID) {
    if ((c.BOT_TYPE === 'SingleTenant' || c.BOT_TYPE === 'UserAssignedMSI') && !c.BOT_TENANT_ID) {
      problems.push(`BOT_TENANT_ID: required when BOT_TYPE=${c.BOT_TYPE}`);
    }
    if (c.BOT_TYPE !== 'UserAssignedMSI' && !c.BOT_PASSWORD) {
      problems.push('BOT_PASSWORD: required when BOT_ID is set (unless BOT_TYPE=UserAssignedMSI)');
    }
  } else if (c.HOST && !isLoopbackHost(c.HOST)) {
    problems.push(
      `HOST: the bot refuses to listen on ${c.HOST} without authentication; set BOT_ID and BOT_PASSWORD, or listen on 127.0.0.1`,
    );
  }
  if (c.STORE === 'table') {
    if (!c.AZURE_STORAGE_CONNECTION_STRING && !c.AZURE_STORAGE_ACCOUNT_URL && !(c.AZURE_STORAGE_TABLE_URL && c.AZURE_STORAGE_BLOB_URL)) {
      problems.push(
        'STORE: "table" needs AZURE_STORAGE_CONNECTION_STRING, or AZURE_STORAGE_ACCOUNT_URL (or AZURE_STORAGE_TABLE_URL and AZURE_STORAGE_BLOB_URL) with a managed identity',
      );
    } else if (!c.AZURE_STORAGE_CONNECTION_STRING && !storageEndpoints(c)) {
      problems.push(
        'AZURE_STORAGE_ACCOUNT_URL: the table and blob endpoints can only be derived from https://<account>.<blob|table>.<suffix>; set AZURE_STORAGE_TABLE_URL and AZURE_STORAGE_BLOB_URL',
      );
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return Object.freeze({
    ...c,
    GRAPH_AUTH: graphAuth,
    HOST: c.HOST ?? (c.BOT_ID ? '0.0.0.0' : '127.0.0.1'),
    demoMode,
    authEnabled: Boolean(c.BOT_ID),
  });
}

/**
 * The table and blob endpoints for STORE=table without a connection string: given, or derived from the
 * account URL by swapping the service name (https://acct.blob.core.windows.net → https://acct.table.core.windows.net).
 */
export function storageEndpoints(c: {
  AZURE_STORAGE_ACCOUNT_URL?: string;
  AZURE_STORAGE_TABLE_URL?: string;
  AZURE_STORAGE_BLOB_URL?: string;
}): { tableUrl: string; blobUrl: string } | undefined {
  const derive = (service: 'table' | 'blob') => {
    if (!c.AZURE_STORAGE_ACCOUNT_URL) return undefined;
    const u = new URL(c.AZURE_STORAGE_ACCOUNT_URL);
    const m = /^([^.]+)\.(blob|table|queue|file|dfs)\.(.+)$/.exec(u.hostname);
    return m ? `${u.protocol}//${m[1]}.${service}.${m[3]}${u.port ? `:${u.port}` : ''}` : undefined;
  };
  const tableUrl = c.AZURE_STORAGE_TABLE_URL ?? derive('table');
  const blobUrl = c.AZURE_STORAGE_BLOB_URL ?? derive('blob');
  return tableUrl && blobUrl ? { tableUrl, blobUrl } : undefined;
}
