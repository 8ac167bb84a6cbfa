import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { positiveIntFromEnv, type EnvVars } from '../../config/env-values';
import { otlpTracesUrl } from './otlp-endpoint';

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
 * One batch processor over the OTLP/HTTP exporter. The exporter from `exporter-trace-otlp-http`
 * retries refused connections and 429/502/503/504 answers with backoff; @vercel/otel's built-in
 * exporter sends once and counts any answer as success.
 */
export function createOtlpSpanProcessor(env: EnvVars = process.env): SpanProcessor {
  const exporter = new OTLPTraceExporter({ url: otlpTracesUrl(env) });
  return new BatchSpanProcessor(exporter, batchSettingsFromEnv(env));
}
