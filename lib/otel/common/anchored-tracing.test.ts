import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { context, ROOT_CONTEXT, trace, type HrTime } from '@opentelemetry/api';
import { hrTimeToMicroseconds } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { AnchoredTracerProvider } from './anchored-tracing';
import { TraceClock, type Clock } from './trace-clock';

/** A clock the test moves: a wall clock in whole milliseconds (as Date.now), a monotonic one that can drift from it. */
class FakeClock implements Clock {
  monotonic = 1000;
  /** Wall minus monotonic, in ms; a drift test changes it. */
  wallOffset = 1_700_000_000_000.25;

  wallMs(): number {
    // Each read moves time on a little, so waiting for the next millisecond ends.
    this.monotonic += 0.01;
    return Math.floor(this.monotonic + this.wallOffset);
  }

  monotonicMs(): number {
    return this.monotonic;
  }
}

function setUp() {
  const clock = new FakeClock();
  const exporter = new InMemorySpanExporter();
  const sdk = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = new AnchoredTracerProvider(sdk, new TraceClock(clock)).getTracer('test');
  const spans = () => new Map(exporter.getFinishedSpans().map((span) => [span.name, span]));
  return { clock, tracer, spans };
}

const micros = (time: HrTime) => hrTimeToMicroseconds(time);
const inside = (child: ReadableSpan, parent: ReadableSpan) =>
  micros(child.startTime) >= micros(parent.startTime) && micros(child.endTime) <= micros(parent.endTime);

describe('anchored tracing', () => {
  // The SDKs register one; a bare test must, or context.with would not carry the parent.
  const contextManager = new AsyncLocalStorageContextManager();
  before(() => context.setGlobalContextManager(contextManager.enable()));
  after(() => {
    contextManager.disable();
    context.disable();
  });

  it('starts spans to the microsecond, not on whole milliseconds', () => {
    const { clock, tracer, spans } = setUp();
    const span = tracer.startSpan('root');
    clock.monotonic += 0.3;
    span.end();
    const root = spans().get('root')!;
    assert.notEqual(micros(root.startTime) % 1000, 0);
    assert.ok(Math.abs(micros(root.endTime) - micros(root.startTime) - 300) < 20);
  });

  it('keeps a child inside its parent though the wall clock moves under the trace', () => {
    const { clock, tracer, spans } = setUp();
    tracer.startActiveSpan('parent', (parent) => {
      clock.monotonic += 0.3;
      // An NTP step of 5 ms mid-trace: Date.now() jumps, the trace's basis does not.
      clock.wallOffset -= 5;
      const child = tracer.startSpan('child');
      clock.monotonic += 0.2;
      child.addEvent('halfway');
      child.end();
      clock.monotonic += 0.1;
      parent.end();
    });
    const { parent, child } = Object.fromEntries(spans());
    assert.ok(inside(child!, parent!), 'child inside parent');
    assert.ok(micros(child!.events[0]!.time) > micros(child!.startTime));
  });

  it('anchors each local root anew, so a long-running process follows the wall clock', () => {
    const { clock, tracer, spans } = setUp();
    tracer.startSpan('before').end();
    clock.monotonic += 60_000;
    clock.wallOffset += 40; // the monotonic clock ran 40 ms slow over the minute
    tracer.startSpan('after').end();
    const wallNowMicros = (clock.monotonic + clock.wallOffset) * 1000;
    assert.ok(Math.abs(micros(spans().get('after')!.startTime) - wallNowMicros) < 1000);
  });

  it('puts performance timestamps a caller gives on the trace’s basis, so its spans agree', () => {
    const { clock, tracer, spans } = setUp();
    const navigationStart = clock.monotonic;
    clock.monotonic += 50;
    // As the document-load instrumentation does: start and end from Navigation Timing entries.
    const load = tracer.startSpan('load', { startTime: navigationStart });
    const fetch = tracer.startSpan('fetch', { startTime: navigationStart }, trace.setSpan(ROOT_CONTEXT, load));
    fetch.end(navigationStart + 10);
    load.end(navigationStart + 40);
    const { load: loaded, fetch: fetched } = Object.fromEntries(spans());
    assert.equal(micros(fetched!.startTime), micros(loaded!.startTime));
    assert.ok(inside(fetched!, loaded!));
    assert.ok(Math.abs(micros(loaded!.endTime) - micros(loaded!.startTime) - 40_000) < 1);
  });

  it('puts a performance timestamp a little ahead of now on the basis too, not in 1970', () => {
    const { clock, tracer, spans } = setUp();
    // As web-vitals reports INP: the interaction's start plus its duration, rounded up to 8 ms, which
    // can lie past performance.now() when the span is ended.
    const interactionStart = clock.monotonic - 2;
    tracer.startSpan('INP', { startTime: interactionStart }).end(interactionStart + 8);
    const inp = spans().get('INP')!;
    const wallNowMicros = (clock.monotonic + clock.wallOffset) * 1000;
    assert.ok(
      Math.abs(micros(inp.endTime) - wallNowMicros) < 10_000,
      `ends at ${micros(inp.endTime)} µs, now is ${wallNowMicros}`,
    );
    assert.ok(Math.abs(micros(inp.endTime) - micros(inp.startTime) - 8000) < 1);
  });

  it('makes a span whose parent is remote a local root, and passes unsampled spans through', () => {
    const { tracer, spans } = setUp();
    const remote = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: 'a'.repeat(32),
      spanId: 'b'.repeat(16),
      traceFlags: 1,
      isRemote: true,
    });
    context.with(remote, () => tracer.startSpan('server').end());
    assert.equal(spans().get('server')!.parentSpanContext?.spanId, 'b'.repeat(16));
  });
});
