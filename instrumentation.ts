/**
 * Next.js calls register() once per server process before it serves a request. Tracing lives in
 * lib/otel; the Node.js-only import keeps the OTLP exporter out of any edge bundle.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { watchForTermination } = await import('./lib/http/draining');
    watchForTermination();
    const { registerShopWebTracing } = await import('./lib/otel/node/shop-web-tracing');
    registerShopWebTracing();
  }
}
