import { DEFAULT_URLS } from '@threadline/stack-layout';
import type { EnvVars } from '@threadline/service-kit';

export type OtlpProtocol = 'http/protobuf' | 'http/json';

/** The OTLP/HTTP traces URL, from the standard variables (the signal-specific one wins, used as is). */
export function otlpTracesUrl(env: EnvVars): string {
  const tracesEndpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (tracesEndpoint) return tracesEndpoint;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || DEFAULT_URLS.otlp;
  return `${base.replace(/\/+$/, '')}/v1/traces`;
}

/**
 * OTEL_EXPORTER_OTLP_TRACES_PROTOCOL / OTEL_EXPORTER_OTLP_PROTOCOL, default `http/protobuf` as the spec
 * says: about half the bytes of JSON, and cheaper to encode (docs/benchmarks.md).
 */
export function otlpTracesProtocol(env: EnvVars): OtlpProtocol {
  const protocol = (env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL || env.OTEL_EXPORTER_OTLP_PROTOCOL || 'http/protobuf').trim();
  if (protocol === 'http/protobuf' || protocol === 'http/json') return protocol;
  throw new Error(`OTLP protocol "${protocol}" is not supported here; use http/protobuf or http/json`);
}
