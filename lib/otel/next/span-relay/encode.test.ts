import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeOtlpJson } from './decode';
import { encodeOtlpJson } from './encode';
import type { OtlpBatch } from './otlp-batch';
import { attribute, decoded, hexId, jsonBatch, jsonSpan, nanos } from './test-batches';

const NOW_MS = Date.UTC(2026, 4, 1, 12);

/** A batch with every kind of value and every optional field set. */
function richBatch(): OtlpBatch {
  const values: OtlpBatch = decoded(
    jsonBatch(
      [
        jsonSpan(NOW_MS, {
          parentSpanId: hexId(8),
          traceState: 'vendor=a1',
          attributes: [
            attribute('s', 'text'),
            attribute('b', true),
            attribute('i', 42),
            attribute('d', 1.25),
            attribute('arr', ['x', 'y']),
            { key: 'big', value: { intValue: '-9223372036854775808' } },
            { key: 'nan', value: { doubleValue: 'NaN' } },
            { key: 'inf', value: { doubleValue: '-Infinity' } },
            { key: 'bytes', value: { bytesValue: 'AAEC' } },
            { key: 'kv', value: { kvlistValue: { values: [attribute('inner', 'v')] } } },
            { key: 'empty', value: {} },
          ],
          droppedAttributesCount: 3,
          events: [{ name: 'e', timeUnixNano: nanos(NOW_MS), attributes: [attribute('k', 'v')], droppedAttributesCount: 1 }],
          droppedEventsCount: 4,
          links: [{ traceId: hexId(16), spanId: hexId(8), traceState: 'a=b', attributes: [attribute('l', 1)], flags: 1 }],
          droppedLinksCount: 5,
          status: { code: 2, message: 'failed' },
        }),
      ],
      { scope: { name: 'scope', version: '1.0', attributes: [attribute('sa', 'x')], droppedAttributesCount: 2 } },
    ),
  );
  values.resourceSpans[0]!.schemaUrl = 'https://opentelemetry.io/schemas/1.26.0';
  return values;
}

describe('encodeOtlpJson', () => {
  it('writes a batch that reads back exactly as it was', () => {
    const batch = richBatch();
    assert.deepEqual(decodeOtlpJson(new TextEncoder().encode(encodeOtlpJson(batch))), batch);
  });

  it('writes OTLP/JSON as the specification has it: hex IDs, 64-bit numbers as strings, enums as numbers', () => {
    const batch = richBatch();
    const span = batch.resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
    const json = JSON.parse(encodeOtlpJson(batch)) as {
      resourceSpans: { scopeSpans: { spans: Record<string, unknown>[] }[] }[];
    };
    const written = json.resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
    assert.equal(written.traceId, span.traceId);
    assert.match(String(written.traceId), /^[0-9a-f]{32}$/);
    assert.equal(written.startTimeUnixNano, String(span.startTimeUnixNano));
    assert.equal(written.kind, 3);
    assert.deepEqual(written.status, { code: 2, message: 'failed' });
    const attributes = written.attributes as { key: string; value: unknown }[];
    assert.deepEqual(attributes.find((item) => item.key === 'i')?.value, { intValue: '42' });
    assert.deepEqual(attributes.find((item) => item.key === 'nan')?.value, { doubleValue: 'NaN' });
    assert.deepEqual(attributes.find((item) => item.key === 'bytes')?.value, { bytesValue: 'AAEC' });
  });

  it('leaves out fields at their default, as protobuf’s JSON mapping does', () => {
    const json = encodeOtlpJson(
      decoded(jsonBatch([jsonSpan(NOW_MS, { droppedAttributesCount: 0, flags: 0, status: { code: 0 } })])),
    );
    for (const field of ['parentSpanId', 'traceState', 'droppedAttributesCount', 'flags', 'schemaUrl', '"code"', 'message']) {
      assert.equal(json.includes(field), false, `${field} must be left out`);
    }
  });
});
