import { TraceFlags, type Context } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter as OtlpHttpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpHttpProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { BatchSpanProcessor, type ReadableSpan, type Span, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { positiveIntFromEnv, type EnvVars } from '../../config/env-values';
import { otlpTracesUrl } from './otlp-endpoint';
import { RedactingSpanExporter, redactionPolicyFromEnv } from '../redaction';
import type { TracingReporter } from './tracing-diagnostics';

export interface BatchSettings {
  scheduledDelayMillis: number;
  maxQueueSize: number;
  maxExportBatchSize: number;
  exportTimeoutMillis: number;
}

/**
 * The OTEL_BSP_* variables, with one local default changed: a 500 ms schedule delay instead of the
 * SDK's 5 s, so that an order's spans are in Jaeger about as soon as the person looks for them.
 */
export function batchSettingsFromEnv(env: EnvVars): BatchSettings {
  return {
    scheduledDelayMillis: positiveIntFromEnv('OTEL_BSP_SCHEDULE_DELAY', env.OTEL_BSP_SCHEDULE_DELAY, 500),
    maxQueueSize: positiveIntFromEnv('OTEL_BSP_MAX_QUEUE_SIZE', env.OTEL_BSP_MAX_QUEUE_SIZE, 2048),
    maxExportBatchSize: positiveIntFromEnv('OTEL_BSP_MAX_EXPORT_BATCH_SIZE', env.OTEL_BSP_MAX_EXPORT_BATCH_SIZE, 512),
    exportTimeoutMillis: positiveIntFromEnv('OTEL_BSP_EXPORT_TIMEOUT', env.OTEL_BSP_EXPORT_TIMEOUT, 30000),
  };
}

/**
 * One batch processor over the OTLP/HTTP exporter. The OpenTelemetry OTLP/HTTP exporters retry refused connections and 429/502/503/504 answers with backoff (within its 10 s timeout,
 * OTEL_EXPORTER_OTLP_TIMEOUT); @vercel/otel's built-in exporter sends once and counts any answer as
 * success. Every span is redacted on its way out (lib/otel/redaction.ts), and spans the exporter
 * finally gives up on are counted and reported, never dropped silently.
 */
export function createOtlpSpanProcessor(env: EnvVars, reporter: TracingReporter): SpanProcessor {
  const protocol = otlpTracesProtocol(env);
  const otlp = protocol === 'http/json' ? new OtlpHttpJsonExporter({ url: otlpTracesUrl(env) }) : new OtlpHttpProtobufExporter({ url: otlpTracesUrl(env) });
  const exporter = new LossReportingExporter(new RedactingSpanExporter(otlp, redactionPolicyFromEnv(env)), reporter);
  return new CountingSpanProcessor(new BatchSpanProcessor(exporter, batchSettingsFromEnv(env)), reporter);
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

/**
 * OTEL_EXPORTER_OTLP_TRACES_PROTOCOL / OTEL_EXPORTER_OTLP_PROTOCOL, default `http/protobuf` as the spec
 * says: about half the bytes of JSON, and cheaper to encode (docs/benchmarks.md).
 */
export function otlpTracesProtocol(env: EnvVars): 'http/protobuf' | 'http/json' {
  const protocol = (env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL || env.OTEL_EXPORTER_OTLP_PROTOCOL || 'http/protobuf').trim();
  if (protocol === 'http/protobuf' || protocol === 'http/json') return protocol;
  throw new Error(`OTLP protocol "${protocol}" is not supported here; use http/protobuf or http/json`);
}

/** Passes batches through and tells the reporter how many spans a failed export lost. */
export class LossReportingExporter implements SpanExporter {
  constructor(
    private readonly inner: SpanExporter,
    private readonly reporter: TracingReporter,
  ) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.inner.export(spans, (result) => {
      if (result.code === ExportResultCode.SUCCESS) this.reporter.reportExportedSpans(spans.length);
      else this.reporter.reportLostSpans(spans.length, result.error ?? 'export failed');
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
