import { ApiError, errorBody, mediaTypeOf, readBodyWithLimit } from '@threadline/service-kit';
import type { NextFetchInit } from '../next-fetch';
import { decodeOtlpJson } from './decode';
import { encodeOtlpJson } from './encode';
import type { OtlpBatch } from './otlp-batch';
import { sanitizeBatch, type DropReason, type SpanRelayPolicy } from './sanitize';
import { scopeBatchToVisit, type RelayVisit } from './visit-scope';

/**
 * The one encoding the relay takes: the page's exporter sends OTLP/JSON and nothing else. OTLP/HTTP
 * asks a receiver to take binary protobuf too with a SHOULD, not a MUST (docs/design-decisions.md);
 * leaving it out keeps a second decoder, and its attack surface, out of the shop.
 */
const JSON_MEDIA_TYPE = 'application/json';
/** How long the browser is told to wait before retrying a batch the collector could not take. */
const COLLECTOR_RETRY_AFTER_SECONDS = 3;

/** A limit on span batches by key (the web tier's token buckets); false when the key has none left. */
export interface BatchRateLimit {
  tryTake(key: string): boolean;
}

/** Where the relay reports what it refused and dropped (shop metrics and rate-limited log lines: report.ts). */
export interface SpanRelayReporter {
  /** A whole request refused; `reason` is the error code it was answered with. */
  refused(reason: string, message: string): void;
  /** Parts of an accepted batch left out or cut, by reason. */
  dropped(counts: ReadonlyMap<DropReason, number>): void;
}

export interface SpanRelayOptions {
  /** The collector's traces URL. Fixed by configuration: nothing in the request can change where it goes. */
  collectorTracesUrl: string;
  maxBytes: number;
  timeoutMs: number;
  /** Origins besides the shop's own that may send spans (a browser always sends Origin on POST). */
  extraAllowedOrigins: readonly string[];
  /** Per-client limit on span batches, keyed by the caller's address as the request edge found it. */
  limiter: BatchRateLimit;
  /** The caller's address (the request edge's), which a client cannot choose. */
  clientOf: (request: Request) => string;
  /** The visit the request's cookie names, if any: whose traces the batch may write into. */
  visitOf: (request: Request) => RelayVisit | undefined;
  /** A limit on all span batches together, which no client can dodge by changing its headers. */
  globalLimiter: BatchRateLimit;
  /** Which spans pass, within which limits, redacted how. */
  policy: SpanRelayPolicy;
  reporter: SpanRelayReporter;
  /** The clock timestamps are checked against. */
  now?: () => number;
}

/**
 * Forwards a browser's span batch to the collector, so the browser only ever talks to its own origin:
 * the collector needs no CORS and stays unreachable from the page. Nothing is forwarded as it came:
 * the batch is decoded whole, checked and redacted by the relay's policy (sanitize.ts), and what
 * passes is written anew as OTLP/JSON. A batch the policy refuses is answered 4xx before anything is sent.
 */
export async function relaySpans(request: Request, options: SpanRelayOptions): Promise<Response> {
  try {
    return await relayOrRefuse(request, options);
  } catch (error) {
    if (error instanceof ApiError) options.reporter.refused(error.code, error.message);
    throw error;
  }
}

async function relayOrRefuse(request: Request, options: SpanRelayOptions): Promise<Response> {
  if (!isSameSiteOrAllowed(request, options.extraAllowedOrigins)) {
    throw new ApiError(403, 'forbidden_origin', 'Spans are accepted only from pages of this shop.');
  }
  if (!options.globalLimiter.tryTake('*') || !options.limiter.tryTake(options.clientOf(request))) {
    options.reporter.refused('rate_limited', 'Too many span batches');
    return Response.json(errorBody('rate_limited', 'Too many span batches from this client; retry shortly.'), {
      status: 429,
      headers: { 'retry-after': '1' },
    });
  }
  const mediaType = mediaTypeOf(request.headers.get('content-type'));
  if (mediaType !== JSON_MEDIA_TYPE) {
    throw new ApiError(415, 'unsupported_media_type', `Send OTLP as ${JSON_MEDIA_TYPE}: this relay takes OTLP/JSON only.`);
  }
  const body = await readBodyWithLimit(request, options.maxBytes);
  const decoded: OtlpBatch = decodeOtlpJson(body);
  const { batch, spanCount, dropped } = sanitizeBatch(decoded, options.policy, (options.now ?? Date.now)());
  // An empty batch (the exporter's keep-alive, or one whose every span was in empty scopes) has nothing to store.
  if (spanCount === 0) return exportSuccess('{}');
  const visitsOwn = scopeBatchToVisit(batch, options.visitOf(request));
  if (dropped.size > 0) options.reporter.dropped(dropped);
  return forward(encodeOtlpJson(visitsOwn), options);
}

async function forward(otlpJson: string, options: SpanRelayOptions): Promise<Response> {
  const init: NextFetchInit = {
    method: 'POST',
    headers: { 'content-type': JSON_MEDIA_TYPE },
    body: otlpJson,
    signal: AbortSignal.timeout(options.timeoutMs),
    // The relay's own traffic is plumbing: tracing it would add a span for every export.
    opentelemetry: { ignore: true },
  };
  let upstream: Response;
  let answer: string;
  try {
    upstream = await fetch(options.collectorTracesUrl, init);
    answer = await upstream.text();
  } catch {
    options.reporter.refused('collector_unavailable', 'The trace collector is not reachable');
    // 503 is one of the answers OTLP exporters retry, so the browser keeps the batch and tries again.
    // The exporter makes at most five retries, each after Retry-After, within its export timeout:
    // 3 s apart they cover a collector restart of up to 15 s (see the browser exporter's timeout).
    return Response.json(errorBody('collector_unavailable', 'The trace collector is not reachable; retry later.'), {
      status: 503,
      headers: { 'retry-after': String(COLLECTOR_RETRY_AFTER_SECONDS) },
    });
  }
  if (upstream.ok) return exportSuccess(answer);
  options.reporter.refused(`collector_${upstream.status}`, `The trace collector answered ${upstream.status}`);
  // The collector's refusal as it said it: its status is what tells an exporter whether to retry.
  return new Response(answer, { status: upstream.status, headers: { 'content-type': JSON_MEDIA_TYPE } });
}

/** An ExportTraceServiceResponse, carrying the collector's partial success if any. */
function exportSuccess(collectorAnswer: string): Response {
  return new Response(collectorAnswer, { status: 200, headers: { 'content-type': JSON_MEDIA_TYPE } });
}

/**
 * A browser sends Origin on every POST; it must name the host the page was served from (the Host
 * header the browser sent, so http://localhost:3000 and http://127.0.0.1:3000 both work), or one of
 * the configured extra origins. Requests without Origin come from non-browser clients, which a
 * cross-site page cannot impersonate, and are let through to the rate limits.
 */
export function isSameSiteOrAllowed(request: Request, extraAllowedOrigins: readonly string[]): boolean {
  const origin = request.headers.get('origin');
  if (origin === null) return true;
  if (extraAllowedOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === (request.headers.get('host') ?? new URL(request.url).host);
  } catch {
    return false;
  }
}
