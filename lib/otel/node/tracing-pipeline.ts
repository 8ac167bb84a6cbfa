import { metrics, type TextMapPropagator } from '@opentelemetry/api';
import type { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import type { Sampler, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { CurrentConventionsProcessor } from '@threadline/otel-common';
import { createBaggageSpanProcessor } from './baggage';
import { ConsoleTreeProcessor } from './console-tree-processor';
import { createPrometheusReader, observeExportHealth } from './metrics';
import { createPropagator } from './propagators';
import { serviceResourceAttributes } from './resource';
import { createSampler } from './sampler';
import type { NodeTelemetrySettings } from './settings';
import { createOtlpSpanProcessor } from './span-export';
import { createTracingReporter, installTracingDiagnostics, type TracingReporter } from './tracing-diagnostics';

/** Everything both services hand their SDK (NodeSDK or @vercel/otel), built from one settings object. */
export interface NodeTracingPipeline {
  reporter: TracingReporter;
  resourceAttributes: Record<string, string>;
  sampler: Sampler;
  propagator: TextMapPropagator;
  /** In order: baggage onto spans, the caller's own processors, the current conventions, the console tree, the export. */
  spanProcessors: SpanProcessor[];
  /** The export processor alone, for a flush before exit. */
  exportProcessor: SpanProcessor;
  metricReader: PrometheusExporter;
  /** Counts ended, exported and dropped spans; call once the SDK has registered its meter provider. */
  observeExportHealth(): void;
}

export function createNodeTracingPipeline(
  settings: NodeTelemetrySettings,
  { processorsBeforeExport = [] }: { processorsBeforeExport?: SpanProcessor[] } = {},
): NodeTracingPipeline {
  const reporter = createTracingReporter(settings.serviceName);
  installTracingDiagnostics(reporter, settings.sdkLogLevel);
  const exportProcessor = createOtlpSpanProcessor(settings, reporter);
  return {
    reporter,
    resourceAttributes: serviceResourceAttributes(settings),
    sampler: createSampler(settings.sampler),
    propagator: createPropagator(settings.propagators, settings.baggage),
    // Order matters: the processors that complete a span run before the one that exports it.
    spanProcessors: [
      createBaggageSpanProcessor(settings.baggage),
      ...processorsBeforeExport,
      new CurrentConventionsProcessor({ keepVendorAttributes: settings.keepVendorAttributes }),
      ...(settings.consoleTraces ? [new ConsoleTreeProcessor(settings.serviceName)] : []),
      exportProcessor,
    ],
    exportProcessor,
    metricReader: createPrometheusReader(settings),
    observeExportHealth: () => observeExportHealth(metrics.getMeter('threadline-tracing'), reporter),
  };
}
