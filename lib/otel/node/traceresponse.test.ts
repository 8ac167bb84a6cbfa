import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTraceContextHeader } from '@threadline/traces';
import { formatTraceResponse } from './traceresponse';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';

describe('formatTraceResponse', () => {
  it('writes the header the trace analysis reads back (round trip), sampled or not', () => {
    const sampled = formatTraceResponse({ traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 1 });
    assert.equal(sampled, `00-${TRACE_ID}-${SPAN_ID}-01`);
    assert.deepEqual(parseTraceContextHeader(sampled), { traceId: TRACE_ID, spanId: SPAN_ID, sampled: true });
    const unsampled = formatTraceResponse({ traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 0 });
    assert.equal(parseTraceContextHeader(unsampled)?.sampled, false);
  });
});
