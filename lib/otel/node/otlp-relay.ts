import { ApiError, errorBody } from '../../http/api-error';
import type { TokenBucketLimiter } from '../../http/rate-limiter';
import { mediaTypeOf, readBodyWithLimit } from '../../http/request-body';

/** The encodings OTLP/HTTP defines; anything else is not a span batch. */
export const OTLP_MEDIA_TYPES: readonly string[] = ['application/json', 'application/x-protobuf'];

export interface OtlpRelayOptions {
  /** The collector's traces URL. Fixed by configuration: nothing in the request can change where it goes. */
  collectorTracesUrl: string;
  maxBytes: number;
  timeoutMs: number;
  /** Origins besides the shop's own that may send spans (a browser always sends Origin on POST). */
  extraAllowedOrigins: readonly string[];
  /** Per-client limit on span batches. */
  limiter: TokenBucketLimiter;
}

type UninstrumentedRequestInit = RequestInit & { opentelemetry?: { ignore: boolean } };

/**
 * Forwards a browser's span batch to the collector, so the browser only ever talks to its own origin:
 * the collector needs no CORS and stays unreachable from the page.
 */
export async function relayOtlpTraces(request: Request, options: OtlpRelayOptions): Promise<Response> {
  const origin = request.headers.get('origin');
  if (origin !== null && origin !== new URL(request.url).origin && !options.extraAllowedOrigins.includes(origin)) {
    throw new ApiError(403, 'forbidden_origin', 'Spans are accepted only from pages of this shop.');
  }
  if (!options.limiter.tryTake(clientOf(request))) {
    return Response.json(errorBody('rate_limited', 'Too many span batches from this client; retry shortly.'), {
      status: 429,
      headers: { 'retry-after': '1' },
    });
  }
  const mediaType = mediaTypeOf(request.headers.get('content-type'));
  if (!OTLP_MEDIA_TYPES.includes(mediaType)) {
    throw new ApiError(415, 'unsupported_media_type', `Send OTLP as ${OTLP_MEDIA_TYPES.join(' or ')}.`);
  }
  const body = await readBodyWithLimit(request, options.maxBytes);
  const init: UninstrumentedRequestInit = {
    method: 'POST',
    headers: { 'content-type': mediaType },
    body,
    signal: AbortSignal.timeout(options.timeoutMs),
    // The relay's own traffic is plumbing: tracing it would add a span for every export.
    opentelemetry: { ignore: true },
  };
  let upstream: Response;
  try {
    upstream = await fetch(options.collectorTracesUrl, init);
  } catch {
    // 503 is one of the answers OTLP exporters retry, so the browser keeps the batch and tries again.
    return Response.json(errorBody('collector_unavailable', 'The trace collector is not reachable; retry later.'), {
      status: 503,
      headers: { 'retry-after': '5' },
    });
  }
  return new Response(await upstream.arrayBuffer(), {
    status: upstream.status,
    headers: { 'content-type': upstream.headers.get('content-type') ?? mediaType },
  });
}

/** The client's address as Next.js's server recorded it (the first X-Forwarded-For entry). */
function clientOf(request: Request): string {
  return request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() || 'unknown';
}
