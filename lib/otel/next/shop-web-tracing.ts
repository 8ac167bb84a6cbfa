import { registerOTel } from '@vercel/otel';
import packageJson from '../../../package.json';
import { anchorGlobalTracerProvider } from '@threadline/otel-common';
import { createNodeTracingPipeline, NODE_RESOURCE_DETECTORS, type NodeTelemetrySettings } from '@threadline/otel-node';
import { CallerLinkProcessor, CallerLinkPropagator } from './caller-link';
import { flushBeforeExitOnSignal } from './flush-before-exit';
import { ServerErrorStatusProcessor } from './server-error-status';
import { ServerSpanEndProcessor, watchResponseEnds } from './server-span-end';
import { NEXT_BOOKKEEPING_SPANS, UntracedRoutesSampler } from './untraced-routes';

/**
 * What @vercel/otel puts on the resource that is not true here, taken off (it drops a key set to
 * undefined): `cloud.provider=vercel` and `vercel.runtime` off Vercel, and its Datadog-style
 * `node.env`, `node.ci` and `env` unless they are wanted. It names itself as the distribution.
 */
export function vercelOtelResource({
  onVercel,
  keepVendorAttributes,
}: Pick<NodeTelemetrySettings, 'onVercel' | 'keepVendorAttributes'>): Record<string, string | undefined> {
  return {
    'telemetry.distro.name': '@vercel/otel',
    'telemetry.distro.version': VERCEL_OTEL_VERSION,
    ...(onVercel ? {} : { 'cloud.provider': undefined, 'vercel.runtime': undefined }),
    ...(keepVendorAttributes ? {} : { 'node.env': undefined, 'node.ci': undefined, env: undefined }),
  };
}

/** The version package.json pins, exactly (@vercel/otel does not export its own package.json). */
const VERCEL_OTEL_VERSION = packageJson.dependencies['@vercel/otel'];

export interface ShopWebTracingOptions {
  telemetry: NodeTelemetrySettings;
  /** The user API's origin: calls to it carry trace context whatever its host name. */
  userApiUrl: URL;
  /** Keep Next.js's bookkeeping spans (dropped by default). */
  keepNextInternalSpans: boolean;
}

/**
 * Telemetry for the Next.js server, through @vercel/otel so that Next's own request spans continue
 * the caller's `traceparent`. Four of its defaults are replaced on purpose (docs/design-decisions.md):
 * the sampler (parent-based, not `always_on`), the exporter (one that retries, behind redaction), the
 * propagators (strict trace context, allow-listed baggage), and the URLs that receive trace context
 * (the configured user API, not only `http://localhost`). A request the shop's edge would not let
 * continue its caller's trace starts its own, linked to the caller's (caller-link.ts).
 */
export function registerShopWebTracing({ telemetry, userApiUrl, keepNextInternalSpans }: ShopWebTracingOptions): void {
  const pipeline = createNodeTracingPipeline(telemetry, { processorsBeforeExport: [new ServerErrorStatusProcessor()] });
  flushBeforeExitOnSignal(() => pipeline.exportProcessor.forceFlush());
  registerOTel({
    serviceName: telemetry.serviceName,
    attributes: { ...pipeline.resourceAttributes, ...vercelOtelResource(telemetry) },
    resourceDetectors: NODE_RESOURCE_DETECTORS,
    propagators: [pipeline.propagator, new CallerLinkPropagator()],
    traceSampler: new UntracedRoutesSampler(pipeline.sampler, {
      droppedSpanNames: keepNextInternalSpans ? [] : NEXT_BOOKKEEPING_SPANS,
    }),
    // Listing the export processor (instead of `traceExporter`) keeps @vercel/otel from adding a
    // second, non-retrying exporter of its own when OTEL_EXPORTER_OTLP_ENDPOINT is set.
    spanProcessors: [new CallerLinkProcessor(), new ServerSpanEndProcessor(), ...pipeline.spanProcessors],
    metricReaders: [pipeline.metricReader],
    instrumentationConfig: {
      fetch: {
        propagateContextUrls: [userApiUrl.origin],
        ignoreUrls: [telemetry.otlpTracesUrl],
      },
    },
  });
  // Every span's times on its trace's one clock basis, Next.js's own included (trace-clock.ts).
  anchorGlobalTracerProvider();
  // A continued request's span ends when its answer has gone, not later (server-span-end.ts).
  watchResponseEnds();
  pipeline.observeExportHealth();
}
