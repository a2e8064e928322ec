import { shutdownAzureMonitor, useAzureMonitor, type AzureMonitorOpenTelemetryOptions } from '@azure/monitor-opentelemetry';
import { metrics, trace, type Meter, type Tracer } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { otlpPipeline } from './otlp';

/**
 * Loaded only when APPLICATIONINSIGHTS_CONNECTION_STRING is set: Microsoft's distro, which registers the
 * process-wide OpenTelemetry providers (one per process). Its automatic instrumentations are all off: the
 * HTTP one would record every Graph URL, and those carry sign-in names. Live Metrics is off too (it would
 * open its own stream at start). With an OTLP endpoint set as well, the OTLP pipeline rides along.
 * What the distro does on its own at start: it probes the Azure VM metadata address (169.254.169.254, a 1 s
 * timeout off Azure VMs) to name the host, and later sends its usage statistics ("statsbeat") to Microsoft
 * unless APPLICATION_INSIGHTS_NO_STATSBEAT / APPLICATIONINSIGHTS_SDKSTATS_DISABLED are set.
 */
export function startAzureMonitor(
  connectionString: string,
  resource: Resource,
  version: string,
  otlp?: ReturnType<typeof otlpPipeline>,
): { tracer: Tracer; meter: Meter; shutdown(): Promise<void> } {
  const off = { enabled: false };
  const options: AzureMonitorOpenTelemetryOptions = {
    azureMonitorExporterOptions: { connectionString },
    resource,
    enableLiveMetrics: false,
    // Every turn traced, as over OTLP (a helpdesk bot's traffic is small): the distro's default would cap
    // traces at 5 a second, adaptively, and drop the first ones after start. OTEL_TRACES_SAMPLER still overrides.
    samplingRatio: 1,
    tracesPerSecond: 0,
    instrumentationOptions: {
      http: off,
      azureSdk: off,
      mongoDb: off,
      mySql: off,
      postgreSql: off,
      redis: off,
      redis4: off,
      bunyan: off,
      winston: off,
    },
    ...(otlp ? { spanProcessors: [otlp.spanProcessor], metricReaders: [otlp.metricReader] } : {}),
  };
  useAzureMonitor(options);
  return {
    tracer: trace.getTracer('mfa-bot', version),
    meter: metrics.getMeter('mfa-bot', version),
    shutdown: async () => {
      await shutdownAzureMonitor();
    },
  };
}
