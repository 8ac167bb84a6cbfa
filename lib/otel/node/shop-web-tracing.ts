import { metrics } from '@opentelemetry/api';
import { registerOTel } from '@vercel/otel';
import { booleanFromEnv, positiveIntFromEnv, type EnvVars } from '../../config/env-values';
import { readShopConfig } from '../../shop/config';
import { baggagePolicyFromEnv } from '../baggage-policy';
import { BaggageSpanProcessor } from './baggage';
import { ConsoleTreeProcessor } from './console-tree-processor';
import { flushBeforeExitOnSignal } from './flush-before-exit';
import { createPrometheusReader, observeExportHealth } from './metrics';
import { otlpTracesUrl } from './otlp-endpoint';
import { propagatorFromEnv } from './propagators';
import { NODE_RESOURCE_DETECTORS, serviceResourceAttributes } from './resource';
import { createSampler, samplerSettingsFromEnv } from './sampler';
import { ServerErrorStatusProcessor } from './server-error-status';
import { createOtlpSpanProcessor } from './span-export';
import { createTracingReporter, installTracingDiagnostics } from './tracing-diagnostics';
import { NEXT_BOOKKEEPING_SPANS, UntracedRoutesSampler } from './untraced-routes';

export const SHOP_WEB_SERVICE_NAME = 'shop-web';

/**
 * Telemetry for the Next.js server, through @vercel/otel so that Next's own request spans continue
 * the caller's `traceparent`. Four of its defaults are replaced on purpose (see README): the sampler
 * (parent-based, not `always_on`), the exporter (one that retries, behind redaction), the propagators
 * (strict trace context, allow-listed baggage), and the URLs that receive trace context (the
 * configured user API, not only `http://localhost`).
 */
export function registerShopWebTracing(env: EnvVars = process.env): void {
  if (booleanFromEnv(env.OTEL_SDK_DISABLED)) return;
  // @vercel/otel tests the variable with Boolean(), so "false" would switch tracing off.
  delete process.env.OTEL_SDK_DISABLED;
  // `next build` runs this hook too; a build has nothing to trace and must not open a metrics port.
  if (env.NEXT_PHASE === 'phase-production-build') return;

  const config = readShopConfig(env);
  const reporter = createTracingReporter(SHOP_WEB_SERVICE_NAME);
  installTracingDiagnostics(reporter, env);
  const exportProcessor = createOtlpSpanProcessor(env, reporter);
  flushBeforeExitOnSignal(() => exportProcessor.forceFlush());
  registerOTel({
    serviceName: SHOP_WEB_SERVICE_NAME,
    attributes: serviceResourceAttributes(),
    resourceDetectors: NODE_RESOURCE_DETECTORS,
    propagators: [propagatorFromEnv(env)],
    traceSampler: new UntracedRoutesSampler(createSampler(samplerSettingsFromEnv(env)), {
      droppedSpanNames: booleanFromEnv(env.THREADLINE_NEXT_INTERNAL_SPANS) ? [] : NEXT_BOOKKEEPING_SPANS,
    }),
    // Order matters: the processors that complete a span run before the one that exports it.
    // Listing the export processor (instead of `traceExporter`) keeps @vercel/otel from adding a
    // second, non-retrying exporter of its own when OTEL_EXPORTER_OTLP_ENDPOINT is set.
    spanProcessors: [
      new BaggageSpanProcessor(baggagePolicyFromEnv(env)),
      new ServerErrorStatusProcessor(),
      ...(booleanFromEnv(env.THREADLINE_CONSOLE_TRACES) ? [new ConsoleTreeProcessor(SHOP_WEB_SERVICE_NAME)] : []),
      exportProcessor,
    ],
    metricReaders: [createPrometheusReader(positiveIntFromEnv('METRICS_PORT', env.METRICS_PORT, 9464))],
    instrumentationConfig: {
      fetch: {
        propagateContextUrls: [config.userApiUrl.origin],
        ignoreUrls: [otlpTracesUrl(env)],
      },
    },
  });
  observeExportHealth(metrics.getMeter('threadline-tracing'), reporter);
}
