import type {
  OtlpAnyValue,
  OtlpBatch,
  OtlpEvent,
  OtlpKeyValue,
  OtlpLink,
  OtlpResourceSpans,
  OtlpScopeSpans,
  OtlpSpan,
} from './otlp-batch';

/**
 * A batch as OTLP/JSON (the OTLP/HTTP specification's JSON encoding: lowerCamelCase fields, hex IDs,
 * 64-bit numbers as decimal strings, enums as numbers), which every OTLP/HTTP receiver accepts. Only
 * what the relay holds is written, so nothing the client sent beyond it can reach the collector.
 * Fields at their default are left out, as protobuf's JSON mapping does.
 */
export function encodeOtlpJson(batch: OtlpBatch): string {
  return JSON.stringify({ resourceSpans: batch.resourceSpans.map(resourceSpansJson) });
}

function resourceSpansJson(resourceSpans: OtlpResourceSpans) {
  return {
    resource: {
      attributes: resourceSpans.resource.attributes.map(keyValueJson),
      ...count('droppedAttributesCount', resourceSpans.resource.droppedAttributesCount),
    },
    scopeSpans: resourceSpans.scopeSpans.map(scopeSpansJson),
    ...text('schemaUrl', resourceSpans.schemaUrl),
  };
}

function scopeSpansJson(scopeSpans: OtlpScopeSpans) {
  const { scope } = scopeSpans;
  return {
    scope: {
      ...text('name', scope.name),
      ...text('version', scope.version),
      ...(scope.attributes.length > 0 ? { attributes: scope.attributes.map(keyValueJson) } : {}),
      ...count('droppedAttributesCount', scope.droppedAttributesCount),
    },
    spans: scopeSpans.spans.map(spanJson),
    ...text('schemaUrl', scopeSpans.schemaUrl),
  };
}

function spanJson(span: OtlpSpan) {
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    ...text('parentSpanId', span.parentSpanId),
    ...text('traceState', span.traceState),
    name: span.name,
    kind: span.kind,
    startTimeUnixNano: String(span.startTimeUnixNano),
    endTimeUnixNano: String(span.endTimeUnixNano),
    attributes: span.attributes.map(keyValueJson),
    ...count('droppedAttributesCount', span.droppedAttributesCount),
    events: span.events.map(eventJson),
    ...count('droppedEventsCount', span.droppedEventsCount),
    links: span.links.map(linkJson),
    ...count('droppedLinksCount', span.droppedLinksCount),
    status: { ...(span.status.code !== 0 ? { code: span.status.code } : {}), ...text('message', span.status.message) },
    ...count('flags', span.flags),
  };
}

function eventJson(event: OtlpEvent) {
  return {
    timeUnixNano: String(event.timeUnixNano),
    name: event.name,
    attributes: event.attributes.map(keyValueJson),
    ...count('droppedAttributesCount', event.droppedAttributesCount),
  };
}

function linkJson(link: OtlpLink) {
  return {
    traceId: link.traceId,
    spanId: link.spanId,
    ...text('traceState', link.traceState),
    attributes: link.attributes.map(keyValueJson),
    ...count('droppedAttributesCount', link.droppedAttributesCount),
    ...count('flags', link.flags),
  };
}

function keyValueJson(keyValue: OtlpKeyValue): { key: string; value: object } {
  return { key: keyValue.key, value: anyValueJson(keyValue.value) };
}

function anyValueJson(value: OtlpAnyValue): object {
  switch (value.type) {
    case 'string':
      return { stringValue: value.value };
    case 'bool':
      return { boolValue: value.value };
    case 'int':
      return { intValue: String(value.value) };
    case 'double':
      // JSON has no NaN or infinities: proto3's JSON mapping writes them as these strings.
      return { doubleValue: Number.isFinite(value.value) ? value.value : String(value.value) };
    case 'bytes':
      return { bytesValue: Buffer.from(value.value).toString('base64') };
    case 'array':
      return { arrayValue: { values: value.values.map(anyValueJson) } };
    case 'kvlist':
      return { kvlistValue: { values: value.values.map(keyValueJson) } };
    case 'empty':
      return {};
  }
}

function text<K extends string>(key: K, value: string): Partial<Record<K, string>> {
  return value === '' ? {} : ({ [key]: value } as Record<K, string>);
}

function count<K extends string>(key: K, value: number): Partial<Record<K, number>> {
  return value === 0 ? {} : ({ [key]: value } as Record<K, number>);
}
