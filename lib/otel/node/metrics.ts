import { metrics, type Counter, type Histogram, type Meter } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import type { NodeTelemetrySettings } from './settings';
import type { TracingReporter } from './tracing-diagnostics';

/** Seconds: the bucket boundaries the HTTP semantic conventions advise for request durations. */
export const HTTP_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/**
 * A Prometheus scrape endpoint at http://<metricsHost>:<metricsPort>/metrics: loopback by default,
 * like everything else; a container sets METRICS_HOST=0.0.0.0 so its scraper can reach it.
 */
export function createPrometheusReader({
  metricsHost,
  metricsPort,
}: Pick<NodeTelemetrySettings, 'metricsHost' | 'metricsPort'>): PrometheusExporter {
  return new PrometheusExporter({ host: metricsHost, port: metricsPort, endpoint: '/metrics' });
}

/** The tracing pipeline's own health, as counters: spans ended, exported, and dropped. */
export function observeExportHealth(meter: Meter, reporter: TracingReporter): void {
  meter
    .createObservableCounter('threadline.tracing.spans.exported', { description: 'Spans the collector accepted', unit: '{span}' })
    .addCallback((result) => result.observe(reporter.exportedSpans()));
  meter
    .createObservableCounter('threadline.tracing.spans.ended', {
      description: 'Sampled spans that ended and were queued for export',
      unit: '{span}',
    })
    .addCallback((result) => result.observe(reporter.endedSpans()));
  meter
    .createObservableCounter('threadline.tracing.spans.dropped', {
      description: 'Spans given up after the exporter’s retries',
      unit: '{span}',
    })
    .addCallback((result) => result.observe(reporter.droppedSpans()));
}

/** `http.server.request.duration`, as the HTTP semantic conventions define it. */
export function httpServerDuration(meter: Meter): Histogram {
  return meter.createHistogram('http.server.request.duration', {
    description: 'Duration of HTTP server requests',
    unit: 's',
    advice: { explicitBucketBoundaries: HTTP_DURATION_BUCKETS },
  });
}

/** A counter created on first use, from whatever meter provider is registered by then. */
export function lazyCounter(meterName: string, name: string, description: string): () => Counter {
  let counter: Counter | undefined;
  return () => (counter ??= metrics.getMeter(meterName).createCounter(name, { description }));
}
