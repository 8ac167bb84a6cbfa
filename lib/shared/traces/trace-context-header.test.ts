import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTraceContextHeader } from './trace-context-header';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';

describe('parseTraceContextHeader', () => {
  it('reads a version-00 header and its sampled flag', () => {
    assert.deepEqual(parseTraceContextHeader(`00-${TRACE_ID}-${SPAN_ID}-01`), {
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      sampled: true,
    });
    assert.equal(parseTraceContextHeader(`00-${TRACE_ID}-${SPAN_ID}-00`)?.sampled, false);
  });

  it('refuses malformed headers and all-zero IDs', () => {
    for (const bad of [
      null,
      '',
      'garbage',
      `00-${TRACE_ID.toUpperCase()}-${SPAN_ID}-01`,
      `00-${'0'.repeat(32)}-${SPAN_ID}-01`,
      `00-${TRACE_ID}-${'0'.repeat(16)}-01`,
      `00-${TRACE_ID}-${SPAN_ID}-01-extra`,
    ]) {
      assert.equal(parseTraceContextHeader(bad), undefined, String(bad));
    }
  });
});
