import { registerOTel } from '@vercel/otel';
import { booleanFromEnv, type EnvVars } from '../../config/env-values';
import { readShopConfig } from '../../shop/config';
import { flushBeforeExitOnSignal } from './flush-before-exit';
import { otlpTracesUrl } from './otlp-endpoint';
import { propagatorFromEnv } from './propagators';
import { createSampler, samplerSettingsFromEnv } from './sampler';
import { createOtlpSpanProcessor } from './span-export';
import { createTracingReporter, installTracingDiagnostics } from './tracing-diagnostics';
import { UntracedRoutesSampler } from './untraced-routes';

export const SHOP_WEB_SERVICE_NAME = 'shop-web';

/**
 * Tracing for the Next.js server, through @vercel/otel so that Next's own request spans continue the
 * caller's `traceparent`. Four of its defaults are replaced on purpose (see README):
 * the sampler (parent-based, not `always_on`), the exporter (one that retries), the trace-context
 * propagator (one that refuses malformed headers), and the URLs that receive trace context (the
 * configured user API, not only `http://localhost`).
 */
export function registerShopWebTracing(env: EnvVars = process.env): void {
  if (booleanFromEnv(env.OTEL_SDK_DISABLED)) return;
  // @vercel/otel tests the variable with Boolean(), so "false" would switch tracing off.
  delete process.env.OTEL_SDK_DISABLED;

  const config = readShopConfig(env);
  const reporter = createTracingReporter(SHOP_WEB_SERVICE_NAME);
  installTracingDiagnostics(reporter, env);
  const exportProcessor = createOtlpSpanProcessor(env, reporter);
  flushBeforeExitOnSignal(() => exportProcessor.forceFlush());
  registerOTel({
    serviceName: SHOP_WEB_SERVICE_NAME,
    propagators: [propagatorFromEnv(env)],
    traceSampler: new UntracedRoutesSampler(createSampler(samplerSettingsFromEnv(env))),
    // Listing the processor (instead of `traceExporter`) keeps @vercel/otel from adding a second,
    // non-retrying exporter of its own when OTEL_EXPORTER_OTLP_ENDPOINT is set.
    spanProcessors: [exportProcessor],
    instrumentationConfig: {
      fetch: {
        propagateContextUrls: [config.userApiUrl.origin],
        ignoreUrls: [otlpTracesUrl(env)],
      },
    },
  });
}
