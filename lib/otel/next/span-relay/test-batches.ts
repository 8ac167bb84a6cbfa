/**
 * Builders of OTLP/JSON span batches for the relay's unit tests: a batch shaped as the page's tracer
 * sends it, and pieces to change one thing at a time.
 */
import { randomBytes } from 'node:crypto';
import { SERVICE_NAMES } from '@threadline/stack-layout';
import { decodeOtlpJson } from './decode';
import type { OtlpBatch } from './otlp-batch';
import type { SpanBatchLimits } from './sanitize';

/** The relay's default limits (lib/server/config.ts). */
export const DEFAULT_LIMITS: SpanBatchLimits = {
  maxSpans: 512,
  maxAttributesPerSpan: 128,
  maxEventsPerSpan: 128,
  maxLinksPerSpan: 128,
  maxAttributeValueLength: 4096,
  maxNameLength: 256,
  timestampWindowSeconds: 86_400,
};

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export function hexId(bytes: 8 | 16): string {
  return randomBytes(bytes).toString('hex');
}

export function nanos(ms: number): string {
  return String(BigInt(Math.round(ms)) * 1_000_000n);
}

export function attribute(key: string, value: string | number | boolean | JsonValue[]): JsonValue {
  return { key, value: anyValue(value) };
}

function anyValue(value: string | number | boolean | JsonValue[]): JsonValue {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') return Number.isInteger(value) ? { intValue: value } : { doubleValue: value };
  return { arrayValue: { values: value.map((item) => anyValue(item as string)) } };
}

/** The page's resource attributes (lib/otel/browser/browser-tracing.ts), with the telemetry.sdk.* an SDK's default resource adds. */
export function browserResourceAttributes(): JsonValue[] {
  return [
    attribute('service.name', SERVICE_NAMES.browser),
    attribute('telemetry.sdk.language', 'webjs'),
    attribute('telemetry.sdk.name', 'opentelemetry'),
    attribute('telemetry.sdk.version', '2.12.0'),
    attribute('service.version', '0.1.0'),
    attribute('deployment.environment.name', 'local'),
    attribute(
      'user_agent.original',
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36',
    ),
    attribute('session.id', TEST_SESSION_ID),
  ];
}

/** The `session.id` the test batches' resource carries. */
export const TEST_SESSION_ID = '0f8c2a36-5d0e-4d0b-9a51-5b7a4c9f4e21';

/** One finished span as the browser's exporter writes it, ending at `nowMs`; `fields` replaces any field. */
export function jsonSpan(nowMs: number, fields: Record<string, JsonValue> = {}): Record<string, JsonValue> {
  return {
    traceId: hexId(16),
    spanId: hexId(8),
    name: 'POST',
    kind: 3,
    startTimeUnixNano: nanos(nowMs - 40),
    endTimeUnixNano: nanos(nowMs),
    attributes: [
      attribute('http.request.method', 'POST'),
      attribute('url.full', 'http://localhost:3000/api/orders'),
      attribute('http.response.status_code', 201),
    ],
    droppedAttributesCount: 0,
    events: [{ attributes: [], name: 'fetchStart', timeUnixNano: nanos(nowMs - 39), droppedAttributesCount: 0 }],
    droppedEventsCount: 0,
    status: { code: 0 },
    links: [],
    droppedLinksCount: 0,
    flags: 257,
    ...fields,
  };
}

export function jsonBatch(
  spans: JsonValue[],
  {
    resourceAttributes = browserResourceAttributes(),
    scope = { name: '@opentelemetry/instrumentation-fetch', version: '0.223.0' } as JsonValue,
  } = {},
): Record<string, JsonValue> {
  return {
    resourceSpans: [{ resource: { attributes: resourceAttributes, droppedAttributesCount: 0 }, scopeSpans: [{ scope, spans }] }],
  };
}

export function utf8(value: JsonValue): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

/** A batch read through the JSON decoder, as the relay would hold it. */
export function decoded(value: JsonValue): OtlpBatch {
  return decodeOtlpJson(utf8(value));
}
