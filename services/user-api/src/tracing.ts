import { NodeSDK } from '@opentelemetry/sdk-node';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import type { EnvVars } from '../../../lib/config/env-values';
import { propagatorFromEnv } from '../../../lib/otel/node/propagators';
import { createSampler, samplerSettingsFromEnv } from '../../../lib/otel/node/sampler';
import { createOtlpSpanProcessor } from '../../../lib/otel/node/span-export';
import { createTracingReporter, installTracingDiagnostics } from '../../../lib/otel/node/tracing-diagnostics';

export const USER_API_SERVICE_NAME = 'user-api';

/**
 * Starts the OpenTelemetry Node SDK. It must run before `node:http` is loaded, which is why main.ts
 * imports this module first. OTEL_SDK_DISABLED=true leaves the SDK off (the service works untraced).
 */
export function startTracing(env: EnvVars = process.env): NodeSDK {
  const reporter = createTracingReporter(USER_API_SERVICE_NAME);
  installTracingDiagnostics(reporter, env);
  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME || USER_API_SERVICE_NAME,
    sampler: createSampler(samplerSettingsFromEnv(env)),
    textMapPropagator: propagatorFromEnv(env),
    // sdk-node would otherwise export metrics and logs over OTLP too, which Jaeger refuses: only
    // when OTEL_METRICS_EXPORTER / OTEL_LOGS_EXPORTER ask for them.
    metricReaders: env.OTEL_METRICS_EXPORTER ? undefined : [],
    logRecordProcessors: env.OTEL_LOGS_EXPORTER ? undefined : [],
    spanProcessors: [createOtlpSpanProcessor(env, reporter)],
    instrumentations: [
      new HttpInstrumentation({
        // Health probes are plumbing: a span per probe would bury the requests people care about.
        ignoreIncomingRequestHook: (request) => request.url === '/healthz',
      }),
    ],
  });
  sdk.start();
  return sdk;
}

export const tracingSdk = startTracing();
