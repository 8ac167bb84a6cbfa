import { ApiError } from '@/lib/http/api-error';
import { withDrainingHeaders } from '@/lib/http/draining';
import { TokenBucketLimiter } from '@/lib/http/rate-limiter';
import { relayOtlpTraces } from '@/lib/otel/node/otlp-relay';
import { otlpTracesUrl } from '@/lib/otel/node/otlp-endpoint';
import { shopConfig } from '@/lib/shop/config';

export const dynamic = 'force-dynamic';

const RELAY_TIMEOUT_MS = 10_000;

const limiter = new TokenBucketLimiter(shopConfig().otlpProxyRatePerSecond, shopConfig().otlpProxyBurst);
const globalLimiter = new TokenBucketLimiter(shopConfig().otlpProxyGlobalRatePerSecond, shopConfig().otlpProxyGlobalRatePerSecond * 2);

/** Same-origin OTLP/HTTP endpoint for the browser's spans. Its own requests are never traced. */
export async function POST(request: Request): Promise<Response> {
  return withDrainingHeaders(await relay(request));
}

async function relay(request: Request): Promise<Response> {
  try {
    return await relayOtlpTraces(request, {
      collectorTracesUrl: otlpTracesUrl(process.env),
      maxBytes: shopConfig().otlpProxyMaxBytes,
      timeoutMs: RELAY_TIMEOUT_MS,
      extraAllowedOrigins: shopConfig().otlpProxyAllowedOrigins,
      limiter,
      globalLimiter,
    });
  } catch (error) {
    if (error instanceof ApiError) return Response.json(error.toBody(), { status: error.status });
    throw error;
  }
}
