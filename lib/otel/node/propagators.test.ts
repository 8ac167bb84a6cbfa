import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ROOT_CONTEXT, defaultTextMapGetter, propagation, trace } from '@opentelemetry/api';
import { propagatorFromEnv } from './propagators';

function extractedTraceId(headers: Record<string, string>, env = {}): string | undefined {
  const context = propagatorFromEnv(env).extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
  return trace.getSpanContext(context)?.traceId;
}

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('propagatorFromEnv', () => {
  it('continues a valid traceparent and carries baggage by default', () => {
    const headers = { traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01`, baggage: 'session.id=abc' };
    assert.equal(extractedTraceId(headers), TRACE_ID);
    const context = propagatorFromEnv({}).extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
    assert.equal(propagation.getBaggage(context)?.getEntry('session.id')?.value, 'abc');
  });

  it('refuses the forbidden version ff, non-hex IDs and all-zero IDs, so a fresh trace starts', () => {
    for (const traceparent of [
      `ff-${TRACE_ID}-00f067aa0ba902b7-01`,
      `00-${'z'.repeat(32)}-00f067aa0ba902b7-01`,
      `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`,
      `00-${TRACE_ID}-${'0'.repeat(16)}-01`,
    ]) {
      assert.equal(extractedTraceId({ traceparent }), undefined, traceparent);
    }
  });

  it('follows OTEL_PROPAGATORS and names what it does not support', () => {
    assert.equal(extractedTraceId({ traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01` }, { OTEL_PROPAGATORS: 'none' }), undefined);
    assert.throws(() => propagatorFromEnv({ OTEL_PROPAGATORS: 'tracecontext,b3' }), /"b3"/);
  });
});
