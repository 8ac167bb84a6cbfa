import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HrTime } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-web';
import { withoutResourcesAfterLoad } from './page-load-resources';

function span(name: string, spanId: string, startTime: HrTime, endTime: HrTime, parentSpanId?: string): ReadableSpan {
  return {
    name,
    startTime,
    endTime,
    spanContext: () => ({ traceId: 'a'.repeat(32), spanId, traceFlags: 1 }),
    parentSpanContext: parentSpanId ? { traceId: 'a'.repeat(32), spanId: parentSpanId, traceFlags: 1 } : undefined,
  } as unknown as ReadableSpan;
}

describe('withoutResourcesAfterLoad', () => {
  it('keeps the resources of the load, and leaves out those fetched after it or in no time', () => {
    const load = span('page load /', 'l'.repeat(16), [100, 0], [101, 0]);
    const during = span('resourceFetch', '1'.repeat(16), [100, 100], [100, 900], load.spanContext().spanId);
    const after = span('resourceFetch', '2'.repeat(16), [100, 950], [101, 100], load.spanContext().spanId);
    const cached = span('resourceFetch', '3'.repeat(16), [100, 200], [100, 200], load.spanContext().spanId);
    const click = span('click Place order', '4'.repeat(16), [102, 0], [102, 0]);
    assert.deepEqual(
      withoutResourcesAfterLoad([during, after, cached, click, load]).map((kept) => kept.spanContext().spanId),
      [during, click, load].map((kept) => kept.spanContext().spanId),
    );
  });
});
