import { metrics } from '@opentelemetry/api';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { booleanFromEnv, positiveIntFromEnv, type EnvVars } from '../../../lib/config/env-values';
import { baggagePolicyFromEnv } from '../../../lib/otel/baggage-policy';
import { BaggageSpanProcessor } from '../../../lib/otel/node/baggage';
import { ConsoleTreeProcessor } from '../../../lib/otel/node/console-tree-processor';
import { createPrometheusReader, observeExportHealth } from '../../../lib/otel/node/metrics';
import { propagatorFromEnv } from '../../../lib/otel/node/propagators';
import { NODE_RESOURCE_DETECTORS, serviceResourceAttributes } from '../../../lib/otel/node/resource';
import { createSampler, samplerSettingsFromEnv } from '../../../lib/otel/node/sampler';
import { createOtlpSpanProcessor } from '../../../lib/otel/node/span-export';
import { createTracingReporter, installTracingDiagnostics } from '../../../lib/otel/node/tracing-diagnostics';

export const USER_API_SERVICE_NAME = 'user-api';

/**
 * Starts the OpenTelemetry Node SDK: traces to the collector, metrics on a Prometheus endpoint. It
 * must run before `node:http` is loaded, which is why main.ts imports this module first.
 * OTEL_SDK_DISABLED=true leaves the SDK off (the service works untraced).
 */
export function startTracing(env: EnvVars = process.env): NodeSDK {
  const reporter = createTracingReporter(USER_API_SERVICE_NAME);
  installTracingDiagnostics(reporter, env);
  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME || USER_API_SERVICE_NAME,
    resource: resourceFromAttributes(serviceResourceAttributes()),
    resourceDetectors: NODE_RESOURCE_DETECTORS,
    sampler: createSampler(samplerSettingsFromEnv(env)),
    textMapPropagator: propagatorFromEnv(env),
    spanProcessors: [
      new BaggageSpanProcessor(baggagePolicyFromEnv(env)),
      ...(booleanFromEnv(env.THREADLINE_CONSOLE_TRACES) ? [new ConsoleTreeProcessor(USER_API_SERVICE_NAME)] : []),
      createOtlpSpanProcessor(env, reporter),
    ],
    metricReaders: [createPrometheusReader(positiveIntFromEnv('USER_API_METRICS_PORT', env.USER_API_METRICS_PORT, 9465))],
    // sdk-node would otherwise export logs over OTLP too, which Jaeger refuses.
    logRecordProcessors: env.OTEL_LOGS_EXPORTER ? undefined : [],
    instrumentations: [
      new HttpInstrumentation({
        // Health probes are plumbing: a span per probe would bury the requests people care about.
        ignoreIncomingRequestHook: (request) => request.url === '/healthz',
      }),
    ],
  });
  sdk.start();
  observeExportHealth(metrics.getMeter('threadline-tracing'), reporter);
  return sdk;
}

export const tracingSdk = startTracing();
