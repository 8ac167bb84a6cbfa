import { ApiError, withDrainingHeaders } from '@threadline/service-kit';
import { SERVICE_NAMES } from '@threadline/stack-layout';
import { TokenBucketLimiter } from '@/lib/server/http/rate-limiter';
import { createSpanRelayReporter, relaySpans, type SpanRelayPolicy } from '@/lib/otel/next/span-relay';
import { shopConfig } from '@/lib/server/config';
import { edgeClientAddress } from '@/lib/server/http/edge-headers';
import { visitIdentifiers, visitOfRequest, visitSecret } from '@/lib/server/visit';
import { shopLogger } from '@/lib/server/shop';

export const dynamic = 'force-dynamic';

const RELAY_TIMEOUT_MS = 10_000;

const { relay: relayConfig, telemetry } = shopConfig();
const limiter = new TokenBucketLimiter(relayConfig.ratePerSecond, relayConfig.burst);
const globalLimiter = new TokenBucketLimiter(relayConfig.globalRatePerSecond, relayConfig.globalRatePerSecond * 2);
const policy: SpanRelayPolicy = {
  browserServiceName: SERVICE_NAMES.browser,
  limits: relayConfig.batchLimits,
  redaction: telemetry.redaction,
};
const reporter = createSpanRelayReporter(shopLogger);

/** Same-origin OTLP/HTTP endpoint for the browser's spans. Its own requests are never traced. */
export async function POST(request: Request): Promise<Response> {
  return withDrainingHeaders(await relay(request));
}

async function relay(request: Request): Promise<Response> {
  try {
    return await relaySpans(request, {
      collectorTracesUrl: telemetry.otlpTracesUrl,
      maxBytes: relayConfig.maxBytes,
      timeoutMs: RELAY_TIMEOUT_MS,
      extraAllowedOrigins: relayConfig.allowedOrigins,
      limiter,
      clientOf: (request) => edgeClientAddress(request.headers),
      visitOf: (request) => {
        const visit = visitOfRequest(request);
        if (!visit) return undefined;
        const { sessionIds, traceIdPrefixes } = visitIdentifiers(visit, visitSecret());
        return { sessions: sessionIds.map((sessionId, index) => ({ sessionId, traceIdPrefix: traceIdPrefixes[index]! })) };
      },
      globalLimiter,
      policy,
      reporter,
    });
  } catch (error) {
    if (error instanceof ApiError) return Response.json(error.toBody(), { status: error.status });
    throw error;
  }
}
