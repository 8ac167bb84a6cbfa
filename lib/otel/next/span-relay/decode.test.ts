import assert from 'node:assert/strict';
import http from 'node:http';
import { describe, it } from 'node:test';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { OTLPTraceExporter as OTLPJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { ApiError } from '@threadline/service-kit';
import fc from 'fast-check';
import { decodeOtlpJson, MAX_VALUE_DEPTH } from './decode';
import { attribute, browserResourceAttributes, hexId, jsonBatch, jsonSpan, utf8, type JsonValue } from './test-batches';

/** Spans as the browser makes them: a click, its fetch (failed, with an exception event) and a page load. */
function browserLikeSpans(): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'shop-browser', 'service.version': '0.1.0', 'session.id': 's-1' }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('threadline-browser', '1.0.0');
  const click = tracer.startSpan('click Place order', { attributes: { 'app.items': 3, 'app.total': 37.5, 'app.retry': false } });
  const fetchSpan = tracer.startSpan('POST', {
    kind: SpanKind.CLIENT,
    attributes: { 'http.url': 'http://localhost:3000/api/orders', 'http.status_code': 500, tags: ['a', 'b'], zero: 0 },
  });
  fetchSpan.addEvent('fetchStart');
  fetchSpan.recordException(new Error('failed for ada@example.com'));
  fetchSpan.setStatus({ code: SpanStatusCode.ERROR, message: 'HTTP 500' });
  fetchSpan.end();
  click.end();
  tracer.startSpan('documentLoad').end();
  return memory.getFinishedSpans();
}

/** The bytes the SDK's OTLP/JSON exporter (the page's) puts on the wire for `spans`, caught by a one-request HTTP server. */
async function exportedBytes(spans: ReadableSpan[]): Promise<Uint8Array> {
  let body: Buffer | undefined;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      body = Buffer.concat(chunks);
      response.writeHead(200, { 'content-type': request.headers['content-type'] ?? 'application/json' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/v1/traces`;
  const exporter = new OTLPJsonTraceExporter({ url });
  try {
    await new Promise<void>((resolve, reject) =>
      exporter.export(spans, (result) => (result.error ? reject(result.error) : resolve())),
    );
  } finally {
    await exporter.shutdown();
    server.close();
  }
  assert.ok(body, 'the exporter sent nothing');
  return new Uint8Array(body);
}

function refusal(code: string): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof ApiError, `expected an ApiError, got ${String(error)}`);
    assert.equal(error.status, 400);
    assert.equal(error.code, code);
    return true;
  };
}

/** JSON text of an attribute value nested `depth` levels deep, built as text (JSON.stringify would recurse). */
function nestedJsonValue(depth: number): string {
  return `${'{"arrayValue":{"values":['.repeat(depth - 1)}{"stringValue":"deep"}${']}}'.repeat(depth - 1)}`;
}

describe('decodeOtlpJson', () => {
  it('reads what the SDK’s OTLP/JSON exporter sends, every field kept exactly', async () => {
    const spans = browserLikeSpans();
    const fromJson = decodeOtlpJson(await exportedBytes(spans));

    const [resourceSpans] = fromJson.resourceSpans;
    assert.deepEqual(resourceSpans!.resource.attributes.find((item) => item.key === 'service.name')?.value, {
      type: 'string',
      value: 'shop-browser',
    });
    const decodedSpans = resourceSpans!.scopeSpans.flatMap((scopeSpans) => scopeSpans.spans);
    assert.deepEqual(
      decodedSpans.map((span) => span.name),
      spans.map((span) => span.name),
    );
    const fetchSpan = decodedSpans.find((span) => span.name === 'POST')!;
    const original = spans.find((span) => span.name === 'POST')!;
    assert.equal(fetchSpan.traceId, original.spanContext().traceId);
    assert.equal(fetchSpan.spanId, original.spanContext().spanId);
    assert.equal(fetchSpan.kind, 3);
    // Nanoseconds survive whole: 64-bit numbers are never rounded through a double.
    assert.equal(fetchSpan.startTimeUnixNano, BigInt(original.startTime[0]) * 1_000_000_000n + BigInt(original.startTime[1]));
    assert.deepEqual(fetchSpan.status, { code: 2, message: 'HTTP 500' });
    assert.deepEqual(
      fetchSpan.attributes.map((item) => [item.key, item.value]),
      [
        ['http.url', { type: 'string', value: 'http://localhost:3000/api/orders' }],
        ['http.status_code', { type: 'int', value: 500n }],
        [
          'tags',
          {
            type: 'array',
            values: [
              { type: 'string', value: 'a' },
              { type: 'string', value: 'b' },
            ],
          },
        ],
        ['zero', { type: 'int', value: 0n }],
      ],
    );
    assert.deepEqual(
      fetchSpan.events.map((event) => event.name),
      ['fetchStart', 'exception'],
    );
    const click = decodedSpans.find((span) => span.name === 'click Place order')!;
    assert.deepEqual(
      click.attributes.map((item) => item.value),
      [
        { type: 'int', value: 3n },
        { type: 'double', value: 37.5 },
        { type: 'bool', value: false },
      ],
    );
  });

  it('lower-cases hex IDs and keeps IDs of any length for the policy to judge', () => {
    const traceId = hexId(16).toUpperCase();
    const batch = decodeOtlpJson(utf8(jsonBatch([jsonSpan(Date.now(), { traceId, spanId: 'abc', parentSpanId: '' })])));
    const span = batch.resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
    assert.equal(span.traceId, traceId.toLowerCase());
    assert.equal(span.spanId, 'abc');
    assert.equal(span.parentSpanId, '');
  });

  it('refuses with 400 whatever is not an OTLP batch, field by field', () => {
    const now = Date.now();
    const withSpan = (fields: Record<string, JsonValue>) => utf8(jsonBatch([jsonSpan(now, fields)]));
    const notBatches: Record<string, Uint8Array> = {
      'not JSON': new TextEncoder().encode('{"resourceSpans": ['),
      'not UTF-8': new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
      'a list at the top': utf8([]),
      'resourceSpans not a list': utf8({ resourceSpans: { spans: [] } }),
      'a resource that is a string': utf8({ resourceSpans: [{ resource: 'user-api' }] }),
      'a span name that is a number': withSpan({ name: 42 }),
      'a trace ID that is a number': withSpan({ traceId: 12345 }),
      'an unknown span kind': withSpan({ kind: 7 }),
      'a span kind by name': withSpan({ kind: 'SPAN_KIND_SERVER' }),
      'a timestamp in words': withSpan({ startTimeUnixNano: 'yesterday' }),
      'a negative timestamp': withSpan({ startTimeUnixNano: '-1' }),
      'a fractional timestamp': withSpan({ endTimeUnixNano: 1.5 }),
      'a negative dropped count': withSpan({ droppedAttributesCount: -1 }),
      'a status code out of range': withSpan({ status: { code: 3 } }),
      'attributes that are an object': withSpan({ attributes: { 'user.email': 'x' } }),
      'an attribute with two values': withSpan({ attributes: [{ key: 'k', value: { stringValue: 'a', intValue: 1 } }] }),
      'an int value in exponent form': withSpan({ attributes: [{ key: 'k', value: { intValue: '1e3' } }] }),
      'an int value past 64 bits': withSpan({ attributes: [{ key: 'k', value: { intValue: '9223372036854775808' } }] }),
      'a bool value as a string': withSpan({ attributes: [{ key: 'k', value: { boolValue: 'true' } }] }),
      'a bytes value that is not base64': withSpan({ attributes: [{ key: 'k', value: { bytesValue: '%%%' } }] }),
      'an attribute key that is not a string': withSpan({ attributes: [{ key: 1, value: { stringValue: 'a' } }] }),
      'events that are not a list': withSpan({ events: 'none' }),
    };
    for (const [name, body] of Object.entries(notBatches)) {
      assert.throws(() => decodeOtlpJson(body), refusal('invalid_otlp'), name);
    }
  });

  it('never throws anything but a 400 for arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          decodeOtlpJson(utf8(value as JsonValue));
        } catch (error) {
          return error instanceof ApiError && error.status === 400;
        }
        return true;
      }),
      { numRuns: 2000 },
    );
  });

  it('bounds how deep attribute values nest, without recursing into the rest', () => {
    const jsonWithDepth = (depth: number) => {
      const span = JSON.stringify(jsonSpan(Date.now(), { attributes: [] })).replace(
        '"attributes":[]',
        `"attributes":[{"key":"k","value":${nestedJsonValue(depth)}}]`,
      );
      return new TextEncoder().encode(JSON.stringify(jsonBatch([])).replace('"spans":[]', `"spans":[${span}]`));
    };
    assert.doesNotThrow(() => decodeOtlpJson(jsonWithDepth(MAX_VALUE_DEPTH)));
    assert.throws(() => decodeOtlpJson(jsonWithDepth(MAX_VALUE_DEPTH + 1)), refusal('value_too_deep'));
    assert.throws(() => decodeOtlpJson(jsonWithDepth(100_000)), refusal('value_too_deep'));
  });

  it('reads a span with 100 000 attributes (the policy drops them), quickly', () => {
    const attributes = Array.from({ length: 100_000 }, (_, index) => attribute(`a${index}`, index));
    const startedMs = performance.now();
    const batch = decodeOtlpJson(utf8(jsonBatch([jsonSpan(Date.now(), { attributes })])));
    assert.equal(batch.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.attributes.length, 100_000);
    assert.ok(performance.now() - startedMs < 5_000, 'decoding took more than 5 s');
  });

  it('ignores fields OTLP does not define, so they cannot travel on', () => {
    const span = { ...jsonSpan(Date.now()), evil: { payload: 'x' } };
    const batch = decodeOtlpJson(utf8({ ...jsonBatch([span]), extra: true }));
    assert.equal(
      JSON.stringify(batch, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value)).includes('evil'),
      false,
    );
    assert.deepEqual(batch.resourceSpans[0]!.resource.attributes.length, browserResourceAttributes().length);
  });
});
