import { randomUUID } from 'node:crypto';
import { diag, DiagLogLevel } from '@opentelemetry/api';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { neverLog } from '../redaction';
import { Telemetry, type TelemetryMode } from './telemetry';

/**
 * Traces and metrics are off unless an exporter is configured: then `Telemetry.off` is returned, no SDK
 * module is even loaded, and every hook is a direct call. With OTEL_EXPORTER_OTLP_ENDPOINT the bot exports
 * OTLP/HTTP to that collector; with APPLICATIONINSIGHTS_CONNECTION_STRING to Azure Monitor; with both, both.
 * A failure to start telemetry is logged and the bot runs without it: it never stops the bot.
 */
export async function startTelemetry(config: Config, logger: Logger, version: string): Promise<Telemetry> {
  const endpoint = config.OTEL_EXPORTER_OTLP_ENDPOINT;
  const connectionString = config.APPLICATIONINSIGHTS_CONNECTION_STRING;
  if (config.OTEL_SDK_DISABLED || (!endpoint && !connectionString)) return Telemetry.off;
  neverLog(connectionString);
  const headers = parseHeaders(config.OTEL_EXPORTER_OTLP_HEADERS);
  for (const value of Object.values(headers)) neverLog(value);
  const mode: TelemetryMode = endpoint && connectionString ? 'otlp+azure-monitor' : endpoint ? 'otlp' : 'azure-monitor';
  try {
    routeDiagnostics(logger);
    const { otlpPipeline, resourceOf, startOtlp } = await import('./otlp');
    const resource = resourceOf({
      'service.name': config.OTEL_SERVICE_NAME,
      'service.version': version,
      'service.instance.id': randomUUID(),
    });
    const pipeline = endpoint
      ? otlpPipeline({
          endpoint,
          headers,
          spanDelayMs: config.OTEL_BSP_SCHEDULE_DELAY,
          metricIntervalMs: config.OTEL_METRIC_EXPORT_INTERVAL,
        })
      : undefined;
    const sdk = connectionString
      ? (await import('./azure-monitor')).startAzureMonitor(connectionString, resource, version, pipeline)
      : startOtlp(resource, pipeline!, version);
    logger.info({ telemetry: mode, endpoint }, 'traces and metrics are exported');
    return new Telemetry(mode, sdk.tracer, sdk.meter, async () => {
      await sdk.shutdown().catch((err: unknown) => logger.warn({ err }, 'telemetry: the last export failed at shutdown'));
    });
  } catch (err) {
    logger.error({ err, telemetry: mode }, 'telemetry could not start; the bot runs without traces and metrics');
    return Telemetry.off;
  }
}

/** OTEL_EXPORTER_OTLP_HEADERS: `key=value,key2=value2`, values URL-encoded (as the OpenTelemetry spec has it). */
export function parseHeaders(raw: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (raw ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    headers[pair.slice(0, at).trim()] = decodeURIComponent(pair.slice(at + 1).trim());
  }
  return headers;
}

let diagnostics: Logger | undefined;

/**
 * The SDK's own complaints (a collector that refuses or times out an export) reach the newest bot's log.
 * They name what failed, never what was being exported.
 */
function routeDiagnostics(logger: Logger): void {
  const first = diagnostics === undefined;
  diagnostics = logger;
  if (!first) return;
  const say =
    (level: 'error' | 'warn') =>
    (message: unknown, ...args: unknown[]) =>
      diagnostics?.[level](
        { source: 'opentelemetry', detail: args.map(describe).join(' ').slice(0, 300) || undefined },
        `telemetry: ${describe(message)}`,
      );
  diag.setLogger(
    { error: say('error'), warn: say('warn'), info: () => undefined, debug: () => undefined, verbose: () => undefined },
    { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true },
  );
}

function describe(arg: unknown): string {
  if (arg instanceof Error) return `${arg.name}: ${arg.message}`;
  return typeof arg === 'string' ? arg : (JSON.stringify(arg) ?? '');
}
