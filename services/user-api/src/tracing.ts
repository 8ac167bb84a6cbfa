import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { anchorGlobalTracerProvider } from '@threadline/otel-common';
import { createNodeTracingPipeline, NODE_RESOURCE_DETECTORS } from '@threadline/otel-node';
import { userApiConfig, type UserApiConfig } from './config';

/**
 * Starts the OpenTelemetry Node SDK: traces to the collector, metrics on a Prometheus endpoint. It
 * runs first (main.ts imports it first), so every tracer and meter comes from it.
 * OTEL_SDK_DISABLED=true leaves the SDK off (the service works untraced).
 */
export function startTracing({
  telemetry,
  logsExporterConfigured,
}: Pick<UserApiConfig, 'telemetry' | 'logsExporterConfigured'>): NodeSDK {
  const pipeline = createNodeTracingPipeline(telemetry);
  const sdk = new NodeSDK({
    serviceName: telemetry.serviceName,
    resource: resourceFromAttributes(pipeline.resourceAttributes),
    resourceDetectors: NODE_RESOURCE_DETECTORS,
    sampler: pipeline.sampler,
    textMapPropagator: pipeline.propagator,
    spanProcessors: pipeline.spanProcessors,
    metricReaders: [pipeline.metricReader],
    // sdk-node would otherwise export logs over OTLP too, which Jaeger refuses.
    logRecordProcessors: logsExporterConfigured ? undefined : [],
    // No instrumentations: the server spans come from server.ts (traceHttpServer), which costs a
    // fraction of patching `node:http`, and the user API makes no outgoing calls to trace.
    instrumentations: [],
  });
  sdk.start();
  // Every span's times on its trace's one clock basis (trace-clock.ts).
  anchorGlobalTracerProvider();
  pipeline.observeExportHealth();
  return sdk;
}

export const tracingSdk = startTracing(userApiConfig());
