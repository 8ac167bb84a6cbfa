/** The fields of a W3C `traceparent` or `traceresponse` header (both share the version-00 format). */
export interface TraceContextHeader {
  traceId: string;
  spanId: string;
  sampled: boolean;
}

const VERSION_00 = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ALL_ZERO = /^0+$/;

/**
 * Parses a version-00 header; anything malformed, or with the all-zero IDs the spec forbids, is
 * `undefined`. Not @opentelemetry/core's parseTraceParent: the page reads `traceresponse` in its
 * first-load code, which carries no OpenTelemetry package (the tracer is loaded lazily).
 */
export function parseTraceContextHeader(value: string | null | undefined): TraceContextHeader | undefined {
  const match = VERSION_00.exec(value?.trim() ?? '');
  if (!match) return undefined;
  const [, traceId, spanId, flags] = match as unknown as [string, string, string, string];
  if (ALL_ZERO.test(traceId) || ALL_ZERO.test(spanId)) return undefined;
  return { traceId, spanId, sampled: (parseInt(flags, 16) & 1) === 1 };
}
