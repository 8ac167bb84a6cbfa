import { Root, type Type } from 'protobufjs/light';

/**
 * The OTLP trace messages the relay reads (and the export response it answers protobuf clients with),
 * as a protobufjs descriptor. Field numbers and types are those of opentelemetry-proto v1:
 * opentelemetry/proto/collector/trace/v1/trace_service.proto, opentelemetry/proto/trace/v1/trace.proto,
 * opentelemetry/proto/common/v1/common.proto and opentelemetry/proto/resource/v1/resource.proto
 * (https://github.com/open-telemetry/opentelemetry-proto). Field names are the lowerCamelCase ones of
 * OTLP/JSON, so a decoded message reads like a JSON batch. Fields added to those files later (entity
 * references, string-table indexes) are not listed: protobufjs skips unknown fields, and the relay
 * would not forward them anyway.
 */
const OTLP_TRACE_DESCRIPTOR = {
  nested: {
    ExportTraceServiceRequest: {
      fields: { resourceSpans: { rule: 'repeated', type: 'ResourceSpans', id: 1 } },
    },
    ExportTraceServiceResponse: {
      fields: { partialSuccess: { type: 'ExportTracePartialSuccess', id: 1 } },
    },
    ExportTracePartialSuccess: {
      fields: { rejectedSpans: { type: 'int64', id: 1 }, errorMessage: { type: 'string', id: 2 } },
    },
    ResourceSpans: {
      fields: {
        resource: { type: 'Resource', id: 1 },
        scopeSpans: { rule: 'repeated', type: 'ScopeSpans', id: 2 },
        schemaUrl: { type: 'string', id: 3 },
      },
    },
    ScopeSpans: {
      fields: {
        scope: { type: 'InstrumentationScope', id: 1 },
        spans: { rule: 'repeated', type: 'Span', id: 2 },
        schemaUrl: { type: 'string', id: 3 },
      },
    },
    Span: {
      fields: {
        traceId: { type: 'bytes', id: 1 },
        spanId: { type: 'bytes', id: 2 },
        traceState: { type: 'string', id: 3 },
        parentSpanId: { type: 'bytes', id: 4 },
        name: { type: 'string', id: 5 },
        kind: { type: 'int32', id: 6 }, // enum SpanKind: read as its number, checked by the decoder
        startTimeUnixNano: { type: 'fixed64', id: 7 },
        endTimeUnixNano: { type: 'fixed64', id: 8 },
        attributes: { rule: 'repeated', type: 'KeyValue', id: 9 },
        droppedAttributesCount: { type: 'uint32', id: 10 },
        events: { rule: 'repeated', type: 'Event', id: 11 },
        droppedEventsCount: { type: 'uint32', id: 12 },
        links: { rule: 'repeated', type: 'Link', id: 13 },
        droppedLinksCount: { type: 'uint32', id: 14 },
        status: { type: 'Status', id: 15 },
        flags: { type: 'fixed32', id: 16 },
      },
    },
    Event: {
      fields: {
        timeUnixNano: { type: 'fixed64', id: 1 },
        name: { type: 'string', id: 2 },
        attributes: { rule: 'repeated', type: 'KeyValue', id: 3 },
        droppedAttributesCount: { type: 'uint32', id: 4 },
      },
    },
    Link: {
      fields: {
        traceId: { type: 'bytes', id: 1 },
        spanId: { type: 'bytes', id: 2 },
        traceState: { type: 'string', id: 3 },
        attributes: { rule: 'repeated', type: 'KeyValue', id: 4 },
        droppedAttributesCount: { type: 'uint32', id: 5 },
        flags: { type: 'fixed32', id: 6 },
      },
    },
    Status: {
      // Field 1 is reserved (the removed deprecated_code).
      fields: { message: { type: 'string', id: 2 }, code: { type: 'int32', id: 3 } }, // enum StatusCode, as its number
    },
    Resource: {
      fields: {
        attributes: { rule: 'repeated', type: 'KeyValue', id: 1 },
        droppedAttributesCount: { type: 'uint32', id: 2 },
      },
    },
    InstrumentationScope: {
      fields: {
        name: { type: 'string', id: 1 },
        version: { type: 'string', id: 2 },
        attributes: { rule: 'repeated', type: 'KeyValue', id: 3 },
        droppedAttributesCount: { type: 'uint32', id: 4 },
      },
    },
    KeyValue: {
      fields: { key: { type: 'string', id: 1 }, value: { type: 'AnyValue', id: 2 } },
    },
    AnyValue: {
      oneofs: {
        value: { oneof: ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue'] },
      },
      fields: {
        stringValue: { type: 'string', id: 1 },
        boolValue: { type: 'bool', id: 2 },
        intValue: { type: 'int64', id: 3 },
        doubleValue: { type: 'double', id: 4 },
        arrayValue: { type: 'ArrayValue', id: 5 },
        kvlistValue: { type: 'KeyValueList', id: 6 },
        bytesValue: { type: 'bytes', id: 7 },
      },
    },
    ArrayValue: {
      fields: { values: { rule: 'repeated', type: 'AnyValue', id: 1 } },
    },
    KeyValueList: {
      fields: { values: { rule: 'repeated', type: 'KeyValue', id: 1 } },
    },
  },
};

const otlpTraceRoot = Root.fromJSON(OTLP_TRACE_DESCRIPTOR);

/** ExportTraceServiceRequest: the body of a protobuf span batch. */
export const exportTraceServiceRequest: Type = otlpTraceRoot.lookupType('ExportTraceServiceRequest');
/** ExportTraceServiceResponse: what a protobuf client is answered on success. */
export const exportTraceServiceResponse: Type = otlpTraceRoot.lookupType('ExportTraceServiceResponse');
