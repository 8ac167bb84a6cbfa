import type { SpanContext } from '@opentelemetry/api';

/**
 * The W3C Trace Context level 2 `traceresponse` header: tells a caller which trace its request
 * became part of, even when the caller did not start one.
 */
export function formatTraceResponse({ traceId, spanId, traceFlags }: SpanContext): string {
  const flags = (traceFlags & 0xff).toString(16).padStart(2, '0');
  return `00-${traceId}-${spanId}-${flags}`;
}
