/**
 * Next.js calls register() once per server process before it serves a request. Tracing lives in
 * lib/otel; the Node.js-only import keeps the OTLP exporter out of any edge bundle.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { watchForTermination } = await import('@threadline/service-kit');
  watchForTermination();
  const { hideSdkDisabledFromVercelOtel, shopConfig } = await import('./lib/server/config');
  const config = shopConfig();
  // Before anything else answers: the edge decides what is believed of every request, traced or not.
  const { installShopRequestEdge } = await import('./lib/server/http/shop-request-edge');
  installShopRequestEdge(config);
  // `next build` runs this hook too; a build has nothing to trace and must not open a metrics port.
  if (config.telemetry.disabled || config.isBuildPhase) return;
  hideSdkDisabledFromVercelOtel();
  const { registerShopWebTracing } = await import('./lib/otel/next/shop-web-tracing');
  registerShopWebTracing(config);
}
