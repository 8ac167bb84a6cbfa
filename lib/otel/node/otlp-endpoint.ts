import type { EnvVars } from '../../config/env-values';

/** Loopback, not `localhost`: Jaeger listens on 127.0.0.1 only, and `localhost` may resolve to ::1 first. */
export const DEFAULT_OTLP_ENDPOINT = 'http://127.0.0.1:4318';

/** The OTLP/HTTP traces URL, from the standard variables (the signal-specific one wins, used as is). */
export function otlpTracesUrl(env: EnvVars): string {
  const tracesEndpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (tracesEndpoint) return tracesEndpoint;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || DEFAULT_OTLP_ENDPOINT;
  return `${base.replace(/\/+$/, '')}/v1/traces`;
}
