import { TraceFlags, type Context } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter as OtlpHttpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpHttpProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import {
  BatchSpanProcessor,
  type ReadableSpan,
  type Span,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { RedactingSpanExporter } from '@threadline/otel-common';
import type { NodeTelemetrySettings } from './settings';
import type { TracingReporter } from './tracing-diagnostics';

/**
 * One batch processor over the OTLP/HTTP exporter. The OpenTelemetry OTLP/HTTP exporters retry refused
 * connections and 429/502/503/504 answers with backoff (within OTEL_EXPORTER_OTLP_TIMEOUT, 10 s);
 * @vercel/otel's built-in exporter sends once and counts any answer as success. Every span is
 * redacted on its way out (@threadline/otel-common), and spans the exporter finally gives up on are
 * counted and reported, never dropped silently. The batch processor reads OTEL_BSP_* itself.
 */
export function createOtlpSpanProcessor(
  settings: Pick<NodeTelemetrySettings, 'otlpTracesUrl' | 'otlpProtocol' | 'redaction' | 'batch'>,
  reporter: TracingReporter,
): SpanProcessor {
  const otlp =
    settings.otlpProtocol === 'http/json'
      ? new OtlpHttpJsonExporter({ url: settings.otlpTracesUrl })
      : new OtlpHttpProtobufExporter({ url: settings.otlpTracesUrl });
  const exporter = new DropReportingExporter(new RedactingSpanExporter(otlp, settings.redaction), reporter);
  return new CountingSpanProcessor(new BatchSpanProcessor(exporter, settings.batch), reporter);
}

/** Counts every sampled span that ends, so "created" can be compared with "exported" and "dropped". */
export class CountingSpanProcessor implements SpanProcessor {
  constructor(
    private readonly inner: SpanProcessor,
    private readonly reporter: TracingReporter,
  ) {}

  onStart(span: Span, parentContext: Context): void {
    this.inner.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    if (span.spanContext().traceFlags & TraceFlags.SAMPLED) this.reporter.reportEndedSpan();
    this.inner.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}

/** Passes batches through and tells the reporter how many spans a failed export dropped. */
export class DropReportingExporter implements SpanExporter {
  constructor(
    private readonly inner: SpanExporter,
    private readonly reporter: TracingReporter,
  ) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.inner.export(spans, (result) => {
      if (result.code === ExportResultCode.SUCCESS) this.reporter.reportExportedSpans(spans.length);
      else this.reporter.reportDroppedSpans(spans.length, result.error ?? 'export failed');
      done(result);
    });
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}
