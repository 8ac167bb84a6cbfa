/**
 * The browser span relay (POST /otlp/v1/traces): decode.ts reads a batch, sanitize.ts decides what of
 * it passes, encode.ts writes that as OTLP/JSON, relay.ts runs the HTTP exchange, report.ts counts and
 * logs what was refused or dropped.
 */
export { isSameSiteOrAllowed, relaySpans, type BatchRateLimit, type SpanRelayOptions, type SpanRelayReporter } from './relay';
export { createSpanRelayReporter } from './report';
export type { SpanBatchLimits, SpanRelayPolicy } from './sanitize';
