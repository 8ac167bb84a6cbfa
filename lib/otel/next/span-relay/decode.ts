import { ApiError } from '@threadline/service-kit';
import type {
  OtlpAnyValue,
  OtlpBatch,
  OtlpEvent,
  OtlpKeyValue,
  OtlpLink,
  OtlpResourceSpans,
  OtlpScopeSpans,
  OtlpSpan,
  OtlpStatus,
} from './otlp-batch';

/**
 * How deep attribute values may nest (an array of strings is 2). The browser's values are never deeper
 * than that; the bound keeps a hostile batch from making the relay recurse without end.
 */
export const MAX_VALUE_DEPTH = 8;

const MAX_UINT32 = 0xffff_ffff;
const MAX_UINT64 = (1n << 64n) - 1n;
const MIN_INT64 = -(1n << 63n);
const MAX_INT64 = (1n << 63n) - 1n;

/**
 * Decodes an OTLP/JSON ExportTraceServiceRequest, as the OTLP/HTTP specification encodes it (hex IDs).
 * JSON only: the page's exporter sends nothing else, and the specification asks a receiver to take
 * binary protobuf as well with a SHOULD, not a MUST (docs/design-decisions.md).
 */
export function decodeOtlpJson(body: Uint8Array): OtlpBatch {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    throw invalid('the body is not valid UTF-8 JSON');
  }
  return new BatchReader().batch(parsed);
}

/** A trace or span ID: a hex string in OTLP/JSON, checked for hex digits and length by the policy (sanitize.ts), which says why it refuses. */
function id(value: unknown, path: string): string {
  if (value == null) return '';
  if (typeof value !== 'string') throw invalid(`${path} must be a hex string`);
  return value.toLowerCase();
}

/** A bytes value: base64 in OTLP/JSON. */
function bytes(value: unknown, path: string): Uint8Array {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(value)) throw invalid(`${path} must be base64`);
  return new Uint8Array(Buffer.from(value, 'base64'));
}

/**
 * Reads a parsed batch into the relay's shape, checking every field's type on the way: anything that
 * is not what OTLP defines refuses the whole batch (400), so nothing of a malformed batch is forwarded.
 * Unknown fields are ignored, as OTLP/JSON receivers must; null counts as absent.
 */
class BatchReader {
  batch(value: unknown): OtlpBatch {
    const request = object(value, 'the body');
    return { resourceSpans: list(request, 'resourceSpans', '', (item, path) => this.resourceSpans(item, path)) };
  }

  private resourceSpans(value: unknown, path: string): OtlpResourceSpans {
    const resourceSpans = object(value, path);
    const resource = optionalObject(resourceSpans, 'resource', path);
    return {
      resource: {
        attributes: this.attributes(resource, `${path}.resource`),
        droppedAttributesCount: uint32(resource.droppedAttributesCount, `${path}.resource.droppedAttributesCount`),
      },
      scopeSpans: list(resourceSpans, 'scopeSpans', path, (item, itemPath) => this.scopeSpans(item, itemPath)),
      schemaUrl: string(resourceSpans.schemaUrl, `${path}.schemaUrl`),
    };
  }

  private scopeSpans(value: unknown, path: string): OtlpScopeSpans {
    const scopeSpans = object(value, path);
    const scope = optionalObject(scopeSpans, 'scope', path);
    return {
      scope: {
        name: string(scope.name, `${path}.scope.name`),
        version: string(scope.version, `${path}.scope.version`),
        attributes: this.attributes(scope, `${path}.scope`),
        droppedAttributesCount: uint32(scope.droppedAttributesCount, `${path}.scope.droppedAttributesCount`),
      },
      spans: list(scopeSpans, 'spans', path, (item, itemPath) => this.span(item, itemPath)),
      schemaUrl: string(scopeSpans.schemaUrl, `${path}.schemaUrl`),
    };
  }

  private span(value: unknown, path: string): OtlpSpan {
    const span = object(value, path);
    return {
      traceId: id(span.traceId, `${path}.traceId`),
      spanId: id(span.spanId, `${path}.spanId`),
      parentSpanId: id(span.parentSpanId, `${path}.parentSpanId`),
      traceState: string(span.traceState, `${path}.traceState`),
      name: string(span.name, `${path}.name`),
      kind: enumNumber(span.kind, 5, `${path}.kind`),
      startTimeUnixNano: uint64(span.startTimeUnixNano, `${path}.startTimeUnixNano`),
      endTimeUnixNano: uint64(span.endTimeUnixNano, `${path}.endTimeUnixNano`),
      attributes: this.attributes(span, path),
      droppedAttributesCount: uint32(span.droppedAttributesCount, `${path}.droppedAttributesCount`),
      events: list(span, 'events', path, (item, itemPath) => this.event(item, itemPath)),
      droppedEventsCount: uint32(span.droppedEventsCount, `${path}.droppedEventsCount`),
      links: list(span, 'links', path, (item, itemPath) => this.link(item, itemPath)),
      droppedLinksCount: uint32(span.droppedLinksCount, `${path}.droppedLinksCount`),
      status: this.status(span.status, `${path}.status`),
      flags: uint32(span.flags, `${path}.flags`),
    };
  }

  private event(value: unknown, path: string): OtlpEvent {
    const event = object(value, path);
    return {
      timeUnixNano: uint64(event.timeUnixNano, `${path}.timeUnixNano`),
      name: string(event.name, `${path}.name`),
      attributes: this.attributes(event, path),
      droppedAttributesCount: uint32(event.droppedAttributesCount, `${path}.droppedAttributesCount`),
    };
  }

  private link(value: unknown, path: string): OtlpLink {
    const link = object(value, path);
    return {
      traceId: id(link.traceId, `${path}.traceId`),
      spanId: id(link.spanId, `${path}.spanId`),
      traceState: string(link.traceState, `${path}.traceState`),
      attributes: this.attributes(link, path),
      droppedAttributesCount: uint32(link.droppedAttributesCount, `${path}.droppedAttributesCount`),
      flags: uint32(link.flags, `${path}.flags`),
    };
  }

  private status(value: unknown, path: string): OtlpStatus {
    if (value == null) return { code: 0, message: '' };
    const status = object(value, path);
    return { code: enumNumber(status.code, 2, `${path}.code`), message: string(status.message, `${path}.message`) };
  }

  private attributes(owner: Record<string, unknown>, path: string): OtlpKeyValue[] {
    return list(owner, 'attributes', path, (item, itemPath) => this.keyValue(item, itemPath, 1));
  }

  private keyValue(value: unknown, path: string, depth: number): OtlpKeyValue {
    const keyValue = object(value, path);
    return { key: string(keyValue.key, `${path}.key`), value: this.anyValue(keyValue.value, `${path}.value`, depth) };
  }

  /** `depth` counts AnyValue levels: a plain value is 1, each array or key-value list around it adds one. */
  private anyValue(value: unknown, path: string, depth: number): OtlpAnyValue {
    if (depth > MAX_VALUE_DEPTH) {
      throw new ApiError(400, 'value_too_deep', `Attribute values may nest at most ${MAX_VALUE_DEPTH} levels deep (${path}).`);
    }
    if (value == null) return { type: 'empty' };
    const anyValue = object(value, path);
    const set = ANY_VALUE_FIELDS.filter((field) => anyValue[field] != null);
    if (set.length > 1) throw invalid(`${path} must hold one value, not ${set.join(' and ')}`);
    switch (set[0]) {
      case 'stringValue':
        return { type: 'string', value: string(anyValue.stringValue, `${path}.stringValue`) };
      case 'boolValue':
        if (typeof anyValue.boolValue !== 'boolean') throw invalid(`${path}.boolValue must be true or false`);
        return { type: 'bool', value: anyValue.boolValue };
      case 'intValue':
        return { type: 'int', value: int64(anyValue.intValue, `${path}.intValue`) };
      case 'doubleValue':
        return { type: 'double', value: double(anyValue.doubleValue, `${path}.doubleValue`) };
      case 'bytesValue':
        return { type: 'bytes', value: bytes(anyValue.bytesValue, `${path}.bytesValue`) };
      case 'arrayValue': {
        const array = object(anyValue.arrayValue, `${path}.arrayValue`);
        return {
          type: 'array',
          values: list(array, 'values', `${path}.arrayValue`, (item, itemPath) => this.anyValue(item, itemPath, depth + 1)),
        };
      }
      case 'kvlistValue': {
        const kvlist = object(anyValue.kvlistValue, `${path}.kvlistValue`);
        return {
          type: 'kvlist',
          values: list(kvlist, 'values', `${path}.kvlistValue`, (item, itemPath) => this.keyValue(item, itemPath, depth + 1)),
        };
      }
    }
    return { type: 'empty' };
  }
}

const ANY_VALUE_FIELDS = [
  'stringValue',
  'boolValue',
  'intValue',
  'doubleValue',
  'bytesValue',
  'arrayValue',
  'kvlistValue',
] as const;

function invalid(detail: string): ApiError {
  return new ApiError(400, 'invalid_otlp', `Not an OTLP span batch: ${detail}.`);
}

function object(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`${path} must be an object`);
  }
  return value as Record<string, unknown>;
}

function optionalObject(owner: Record<string, unknown>, key: string, path: string): Record<string, unknown> {
  return owner[key] == null ? {} : object(owner[key], `${path}.${key}`);
}

function list<T>(owner: Record<string, unknown>, key: string, path: string, read: (item: unknown, path: string) => T): T[] {
  const value = owner[key];
  if (value == null) return [];
  const listPath = path === '' ? key : `${path}.${key}`;
  if (!Array.isArray(value)) throw invalid(`${listPath} must be a list`);
  return value.map((item, index) => read(item, `${listPath}[${index}]`));
}

function string(value: unknown, path: string): string {
  if (value == null) return '';
  if (typeof value !== 'string') throw invalid(`${path} must be a string`);
  return value;
}

/** A 32-bit unsigned field: a JSON number, or a decimal string as proto3's JSON mapping allows. */
function uint32(value: unknown, path: string): number {
  if (value == null) return 0;
  const number = typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 0 || number > MAX_UINT32) {
    throw invalid(`${path} must be a whole number from 0 to ${MAX_UINT32}`);
  }
  return number;
}

/** An enum: its number, as OTLP/JSON requires (not its name), within the values opentelemetry-proto defines. */
function enumNumber(value: unknown, max: number, path: string): number {
  if (value == null) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw invalid(`${path} must be a whole number from 0 to ${max}`);
  }
  return value;
}

/** A 64-bit unsigned field (timestamps): a decimal string, as OTLP/JSON sends it, or a whole number. */
function uint64(value: unknown, path: string): bigint {
  if (value == null) return 0n;
  const parsed = integer(value);
  if (parsed === undefined || parsed < 0n || parsed > MAX_UINT64) throw invalid(`${path} must be a whole number of nanoseconds`);
  return parsed;
}

function int64(value: unknown, path: string): bigint {
  const parsed = integer(value);
  if (parsed === undefined || parsed < MIN_INT64 || parsed > MAX_INT64) throw invalid(`${path} must be a 64-bit whole number`);
  return parsed;
}

function integer(value: unknown): bigint | undefined {
  if (typeof value === 'string' && /^-?\d{1,20}$/.test(value)) return BigInt(value);
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  return undefined;
}

/** A double: a JSON number, or the names proto3's JSON mapping gives the values JSON cannot write. */
function double(value: unknown, path: string): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return Number.NaN;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  throw invalid(`${path} must be a number`);
}
