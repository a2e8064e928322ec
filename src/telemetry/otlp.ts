import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Attributes, Meter, Tracer } from '@opentelemetry/api';

/** Loaded only when an exporter is configured: the SDK pieces for OTLP/HTTP (JSON) to a collector. */

export interface OtlpOptions {
  /** OTEL_EXPORTER_OTLP_ENDPOINT: the collector's root; /v1/traces and /v1/metrics are appended. */
  endpoint: string;
  headers: Record<string, string>;
  spanDelayMs: number;
  metricIntervalMs: number;
}

export function resourceOf(attributes: Attributes): Resource {
  return defaultResource().merge(resourceFromAttributes(attributes));
}

/** A batching span processor and a periodic metric reader that post OTLP/HTTP JSON to the collector. */
export function otlpPipeline(o: OtlpOptions) {
  const root = o.endpoint.replace(/\/+$/, '');
  return {
    spanProcessor: new BatchSpanProcessor(new OTLPTraceExporter({ url: `${root}/v1/traces`, headers: o.headers }), {
      scheduledDelayMillis: o.spanDelayMs,
    }),
    metricReader: new PeriodicExportingMetricReader({
      exporter: new OTLPMetricExporter({ url: `${root}/v1/metrics`, headers: o.headers }),
      exportIntervalMillis: o.metricIntervalMs,
      exportTimeoutMillis: Math.min(30_000, o.metricIntervalMs), // the SDK wants it no longer than the interval
    }),
  };
}

/**
 * Providers of the bot's own, not registered globally: nothing else in the process (botbuilder, the Graph
 * client, restify) is instrumented, so nothing but what telemetry.ts records is ever exported.
 */
export function startOtlp(
  resource: Resource,
  pipeline: ReturnType<typeof otlpPipeline>,
  version: string,
): { tracer: Tracer; meter: Meter; shutdown(): Promise<void> } {
  const tracerProvider = new BasicTracerProvider({ resource, spanProcessors: [pipeline.spanProcessor] });
  const meterProvider = new MeterProvider({ resource, readers: [pipeline.metricReader] });
  return {
    tracer: tracerProvider.getTracer('mfa-bot', version),
    meter: meterProvider.getMeter('mfa-bot', version),
    shutdown: async () => {
      await Promise.allSettled([tracerProvider.shutdown(), meterProvider.shutdown()]);
    },
  };
}
