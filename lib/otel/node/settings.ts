import type { BufferConfig } from '@opentelemetry/sdk-trace-base';
import { baggagePolicyFromEnv, redactionPolicyFromEnv, type BaggagePolicy, type RedactionPolicy } from '@threadline/otel-common';
import { booleanFromEnv, positiveIntFromEnv, type EnvVars } from '@threadline/service-kit';
import { otlpTracesProtocol, otlpTracesUrl, type OtlpProtocol } from './otlp-endpoint';
import { propagatorNamesFromEnv, type PropagatorName } from './propagators';
import { samplerSettingsFromEnv, type SamplerSettings } from './sampler';

/**
 * Everything a Node service's telemetry takes from its environment, read once by that service's
 * configuration module and handed to the factories of this package, which never read the
 * environment themselves. The OpenTelemetry SDK still reads the variables it owns (OTEL_BSP_*,
 * OTEL_EXPORTER_OTLP_TIMEOUT and _HEADERS, OTEL_RESOURCE_ATTRIBUTES) where Threadline keeps its default.
 */
export interface NodeTelemetrySettings {
  /** OTEL_SERVICE_NAME, else the service's own name. */
  serviceName: string;
  /** The service's package version, for `service.version`. */
  serviceVersion: string;
  /** OTEL_SDK_DISABLED: only "true" switches tracing off, as the specification reads booleans. */
  disabled: boolean;
  /** OTEL_TRACES_SAMPLER / _ARG, parent-based by default. */
  sampler: SamplerSettings;
  /** OTEL_PROPAGATORS, default tracecontext and baggage. */
  propagators: PropagatorName[];
  /** BAGGAGE_ALLOWED_KEYS / BAGGAGE_MAX_VALUE_LENGTH over the defaults. */
  baggage: BaggagePolicy;
  /** REDACT_ATTRIBUTE_KEYS / REDACT_QUERY_PARAMS over the defaults. */
  redaction: RedactionPolicy;
  /** OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, else OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces. */
  otlpTracesUrl: string;
  /** OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL, default http/protobuf. */
  otlpProtocol: OtlpProtocol;
  /** Only what Threadline changes: a 500 ms schedule delay (the SDK's is 5 s) unless OTEL_BSP_SCHEDULE_DELAY is set. */
  batch: BufferConfig;
  /** THREADLINE_CONSOLE_TRACES: print each finished local trace as a tree. */
  consoleTraces: boolean;
  /** METRICS_HOST (default loopback) and the service's own metrics port variable. */
  metricsHost: string;
  metricsPort: number;
  /** OTEL_LOG_LEVEL: when set, the SDK's own diagnostics logger wins over the rate-limited reporter. */
  sdkLogLevel: string | undefined;
  /** THREADLINE_VENDOR_ATTRIBUTES: keep @vercel/otel's Datadog attributes (`operation.name`, `resource.name`, `node.env`). */
  keepVendorAttributes: boolean;
  /** VERCEL=1, which Vercel sets: only there does the resource say `cloud.provider=vercel`. */
  onVercel: boolean;
}

/** What differs between the two services; the rest is the same variables for both. */
export interface ServiceTelemetryDefaults {
  serviceName: string;
  serviceVersion: string;
  /** The variable naming the Prometheus port (METRICS_PORT, USER_API_METRICS_PORT) and its default. */
  metricsPortVariable: string;
  metricsPort: number;
}

export function readNodeTelemetrySettings(env: EnvVars, defaults: ServiceTelemetryDefaults): NodeTelemetrySettings {
  return {
    serviceName: env.OTEL_SERVICE_NAME?.trim() || defaults.serviceName,
    serviceVersion: defaults.serviceVersion,
    disabled: booleanFromEnv(env.OTEL_SDK_DISABLED),
    sampler: samplerSettingsFromEnv(env),
    propagators: propagatorNamesFromEnv(env),
    baggage: baggagePolicyFromEnv(env),
    redaction: redactionPolicyFromEnv(env),
    otlpTracesUrl: otlpTracesUrl(env),
    otlpProtocol: otlpTracesProtocol(env),
    batch: env.OTEL_BSP_SCHEDULE_DELAY?.trim() ? {} : { scheduledDelayMillis: 500 },
    consoleTraces: booleanFromEnv(env.THREADLINE_CONSOLE_TRACES),
    metricsHost: env.METRICS_HOST?.trim() || '127.0.0.1',
    metricsPort: positiveIntFromEnv(defaults.metricsPortVariable, env[defaults.metricsPortVariable], defaults.metricsPort),
    sdkLogLevel: env.OTEL_LOG_LEVEL?.trim() || undefined,
    keepVendorAttributes: booleanFromEnv(env.THREADLINE_VENDOR_ATTRIBUTES),
    onVercel: env.VERCEL?.trim() === '1',
  };
}
