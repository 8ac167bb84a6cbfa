/**
 * One span batch as the relay holds it between decoding and re-encoding OTLP/JSON, with every field
 * typed and present (absent fields take the protobuf default), IDs as
 * lower-case hex (not yet checked for length or zeros: that is policy, in sanitize.ts) and 64-bit
 * numbers as bigint, so nothing is rounded on the way through.
 */
export interface OtlpBatch {
  resourceSpans: OtlpResourceSpans[];
}

export interface OtlpResourceSpans {
  resource: OtlpResource;
  scopeSpans: OtlpScopeSpans[];
  schemaUrl: string;
}

export interface OtlpResource {
  attributes: OtlpKeyValue[];
  droppedAttributesCount: number;
}

export interface OtlpScopeSpans {
  scope: OtlpScope;
  spans: OtlpSpan[];
  schemaUrl: string;
}

export interface OtlpScope {
  name: string;
  version: string;
  attributes: OtlpKeyValue[];
  droppedAttributesCount: number;
}

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  /** Empty for a root span. */
  parentSpanId: string;
  traceState: string;
  name: string;
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: OtlpKeyValue[];
  droppedAttributesCount: number;
  events: OtlpEvent[];
  droppedEventsCount: number;
  links: OtlpLink[];
  droppedLinksCount: number;
  status: OtlpStatus;
  flags: number;
}

export interface OtlpEvent {
  timeUnixNano: bigint;
  name: string;
  attributes: OtlpKeyValue[];
  droppedAttributesCount: number;
}

export interface OtlpLink {
  traceId: string;
  spanId: string;
  traceState: string;
  attributes: OtlpKeyValue[];
  droppedAttributesCount: number;
  flags: number;
}

export interface OtlpStatus {
  code: number;
  message: string;
}

export interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}

export type OtlpAnyValue =
  | { type: 'string'; value: string }
  | { type: 'bool'; value: boolean }
  | { type: 'int'; value: bigint }
  | { type: 'double'; value: number }
  | { type: 'bytes'; value: Uint8Array }
  | { type: 'array'; values: OtlpAnyValue[] }
  | { type: 'kvlist'; values: OtlpKeyValue[] }
  /** An AnyValue with none of its fields set: allowed by OTLP, and kept as it came. */
  | { type: 'empty' };

/** SpanKind as opentelemetry-proto numbers it. */
export const SPAN_KIND = { unspecified: 0, internal: 1, server: 2, client: 3, producer: 4, consumer: 5 } as const;
/** Status.StatusCode as opentelemetry-proto numbers it. */
export const STATUS_CODE = { unset: 0, ok: 1, error: 2 } as const;

export function spanCountOf(batch: OtlpBatch): number {
  let count = 0;
  for (const resourceSpans of batch.resourceSpans) {
    for (const scopeSpans of resourceSpans.scopeSpans) count += scopeSpans.spans.length;
  }
  return count;
}
