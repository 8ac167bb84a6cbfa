import assert from 'node:assert/strict';
import diagnosticsChannel from 'node:diagnostics_channel';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { context, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ServerSpanEndProcessor, watchResponseEnds } from './server-span-end';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';

function serverSpanUnder(traceFlags: TraceFlags) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new ServerSpanEndProcessor(), new SimpleSpanProcessor(exporter)] });
  const parent = trace.setSpanContext(context.active(), { traceId: TRACE_ID, spanId: PARENT_ID, traceFlags, isRemote: true });
  const span = provider.getTracer('test').startSpan('POST /api/orders', { kind: SpanKind.SERVER, startTime: [1000, 0] }, parent);
  return { span, exporter };
}

/** What Node's HTTP server publishes as a request arrives. */
function requestArrives(traceparent: string): EventEmitter {
  const response = new EventEmitter();
  diagnosticsChannel.channel('http.server.request.start').publish({ request: { headers: { traceparent } }, response });
  return response;
}

describe('ServerSpanEndProcessor', () => {
  watchResponseEnds();

  it('ends a continued request’s span no later than its response finished', async () => {
    const response = requestArrives(`00-${TRACE_ID}-${PARENT_ID}-01`);
    const { span, exporter } = serverSpanUnder(TraceFlags.SAMPLED);
    await new Promise((resolve) => setTimeout(resolve, 5));
    response.emit('finish');
    span.end([1002, 0]); // two seconds later: work after the answer had gone
    const [ended] = exporter.getFinishedSpans();
    const durationMs = hrTimeToMilliseconds(ended!.endTime) - hrTimeToMilliseconds(ended!.startTime);
    assert.ok(durationMs >= 5 && durationMs < 500, `ended ${durationMs} ms after its start`);
  });

  it('leaves a span that ends before its response finished as it was', () => {
    requestArrives(`00-${TRACE_ID}-${PARENT_ID}-01`);
    const { span, exporter } = serverSpanUnder(TraceFlags.SAMPLED);
    span.end([1000, 3_000_000]);
    assert.deepEqual(exporter.getFinishedSpans()[0]!.endTime, [1000, 3_000_000]);
  });
});
