import fs from 'node:fs';
import path from 'node:path';
import { ensureCollectorBinary, pinnedCollectorVersion } from '../../../scripts/lib/collector-binary';

/** The routing collector's image: the contrib release tools/collector/builder-config.yaml builds from. */
export const COLLECTOR_IMAGE = `otel/opentelemetry-collector-contrib:${pinnedCollectorVersion()}`;

/**
 * The image's default config, for a container started without one mounted. Upstream's default names
 * components this distribution does not have (health_check, pprof, zpages, jaeger, zipkin, prometheus),
 * so this one keeps its shape (OTLP in on every interface, debug out, a health endpoint on 13133) with
 * the components that are here.
 */
const DEFAULT_CONFIG = `extensions:
  healthcheckv2:
    use_v2: true
    http:
      endpoint: 0.0.0.0:13133
      status:
        enabled: true
        path: /status

receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 0.0.0.0:4317
      http:
        endpoint: 0.0.0.0:4318

processors:
  batch: {}

exporters:
  debug:
    verbosity: basic

service:
  extensions: [healthcheckv2]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [debug]
    metrics:
      receivers: [otlp]
      processors: [batch]
      exporters: [debug]
    logs:
      receivers: [otlp]
      processors: [batch]
      exporters: [debug]
`;

/** Lays out the build context for otelcol-contrib.Dockerfile and returns that Dockerfile's name. */
export function assembleCollectorStandIn(context: string): string {
  fs.copyFileSync(ensureCollectorBinary(), path.join(context, 'otelcol-contrib'));
  fs.writeFileSync(path.join(context, 'config.yaml'), DEFAULT_CONFIG);
  return 'otelcol-contrib.Dockerfile';
}
