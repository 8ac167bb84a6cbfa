import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { JaegerTrace } from './jaeger-api';
import {
  describeTraceHealth,
  isSettledTrace,
  QUIET_PERIOD_MS,
  spanCountClock,
  traceHealth,
  callsWithoutCalleeSpans,
  UNTRACED_CALLEE_GRACE_MS,
} from './trace-health';
import { toTraceSpans, type TraceSpan } from './trace-tree';
import { buildWaterfall, formatDuration } from './trace-waterfall';

/** A real order trace as Jaeger's /api/traces/<id> returned it (recorded from npm start). */
const recorded = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'order-trace.jaeger.json'), 'utf8')) as {
  data: JaegerTrace[];
};
const orderSpans = toTraceSpans(recorded.data[0]!);
const ORDER_SERVICES = ['shop-browser', 'shop-web', 'user-api'];

/** The same response with the web tier's call to the user API lost, as when a hop drops its span. */
function withoutSpan(spans: TraceSpan[], predicate: (span: TraceSpan) => boolean): TraceSpan[] {
  const dropped = spans.find(predicate);
  assert.ok(dropped, 'the recorded trace has the span to drop');
  return spans.filter((span) => span !== dropped);
}
const brokenSpans = withoutSpan(
  orderSpans,
  (span) => span.service === 'shop-web' && span.kind === 'client' && span.name === 'GET /users/:id',
);

describe('trace health of a recorded order trace', () => {
  it('reads as one root, no missing parents, three services', () => {
    const health = traceHealth(orderSpans);
    assert.equal(describeTraceHealth(health), '1 root, 0 missing parents, 3 services');
    assert.deepEqual(health.services, ORDER_SERVICES);
    assert.equal(health.whole, true);
    assert.equal(health.errorCount, 0);
  });

  it('flags the trace as broken when a recorded span is missing', () => {
    const health = traceHealth(brokenSpans);
    assert.equal(describeTraceHealth(health), '1 root, 1 missing parent, 3 services');
    assert.equal(health.whole, false);
  });

  it('counts as settled only when whole, with every expected service, and quiet for a while', () => {
    const quiet = { expectedServices: ORDER_SERVICES, unchangedForMs: QUIET_PERIOD_MS };
    assert.equal(isSettledTrace(orderSpans, quiet), true);
    assert.equal(isSettledTrace(orderSpans, { ...quiet, unchangedForMs: QUIET_PERIOD_MS - 1 }), false);
    assert.equal(isSettledTrace(brokenSpans, quiet), false);
    const webOnly = orderSpans.filter((span) => span.service !== 'shop-browser');
    assert.equal(isSettledTrace(webOnly, quiet), false);
    assert.equal(isSettledTrace([], { expectedServices: [], unchangedForMs: UNTRACED_CALLEE_GRACE_MS }), false);
  });

  it('keeps waiting while the web tier’s call to the user API has nothing under it, then accepts an untraced callee', () => {
    // What Jaeger holds when the web tier's batch has landed and the user API's has not yet.
    const beforeUserApi = orderSpans.filter((span) => span.service !== 'user-api');
    assert.deepEqual(
      callsWithoutCalleeSpans(beforeUserApi).map((span) => `${span.service}: ${span.name}`),
      ['shop-web: GET /users/:id'],
    );
    assert.equal(traceHealth(beforeUserApi).whole, true, 'the missing part is a subtree, so the trace looks whole');
    const anyServices = { expectedServices: [], unchangedForMs: QUIET_PERIOD_MS };
    assert.equal(isSettledTrace(beforeUserApi, anyServices), false);
    assert.equal(isSettledTrace(beforeUserApi, { ...anyServices, unchangedForMs: UNTRACED_CALLEE_GRACE_MS }), true);
    assert.deepEqual(callsWithoutCalleeSpans(orderSpans), [], 'database client spans are not calls awaiting a callee');
    assert.equal(isSettledTrace(orderSpans, anyServices), true);
  });

  it('does not wait for a callee that never answered: a refused or timed-out call is a failure, not a delay', () => {
    const refused = orderSpans
      .filter((span) => span.service !== 'user-api')
      .map((span) => {
        if (span.name !== 'GET /users/:id') return span;
        const { ['http.response.status_code']: _answered, ...attributes } = span.attributes;
        return { ...span, status: 'ERROR', attributes: { ...attributes, 'error.type': 'unavailable' } };
      });
    assert.deepEqual(callsWithoutCalleeSpans(refused), []);
    assert.equal(isSettledTrace(refused, { expectedServices: [], unchangedForMs: QUIET_PERIOD_MS }), true);
  });

  it('settles a trace started by a caller that exports elsewhere: its server span is the one missing parent', () => {
    // An API client's order: its traceparent names a span Jaeger never receives.
    const fromApiClient = orderSpans
      .filter((span) => span.service !== 'shop-browser')
      .map((span) =>
        span.kind === 'server' && span.service === 'shop-web' ? { ...span, parentSpanId: 'c11e47c11e47c11e' } : span,
      );
    assert.equal(traceHealth(fromApiClient).whole, false);
    assert.equal(traceHealth(fromApiClient).continuesRemoteCaller, true);
    assert.equal(isSettledTrace(fromApiClient, { expectedServices: [], unchangedForMs: QUIET_PERIOD_MS }), true);
    // A lost hop in the middle is still broken, not "remote".
    assert.equal(traceHealth(brokenSpans).continuesRemoteCaller, false);
  });
});

describe('spanCountClock', () => {
  it('keeps the time the current span count was first seen, and restarts when it changes', () => {
    const seenSince = spanCountClock();
    assert.equal(seenSince(12, 1000), 1000);
    assert.equal(seenSince(12, 1250), 1000);
    assert.equal(seenSince(15, 1500), 1500);
    assert.equal(seenSince(15, 2900), 1500);
  });
});

describe('waterfall layout', () => {
  it('puts the click first and every other span below its parent, indented one level deeper', () => {
    const { rows } = buildWaterfall(orderSpans);
    assert.equal(rows.length, orderSpans.length);
    assert.equal(rows[0]!.span.name, 'click Place order');
    assert.equal(rows[0]!.depth, 0);
    const indexById = new Map(rows.map((row, index) => [row.span.spanId, index]));
    for (const [index, row] of rows.entries()) {
      if (row.span.parentSpanId === undefined) continue;
      const parentIndex = indexById.get(row.span.parentSpanId)!;
      assert.ok(parentIndex < index, `${row.span.name} comes after its parent`);
      assert.equal(row.depth, rows[parentIndex]!.depth + 1);
    }
  });

  it('scales every bar onto the trace’s time axis', () => {
    const { rows, durationMicros } = buildWaterfall(orderSpans);
    const root = rows[0]!;
    assert.equal(root.offsetPercent, 0);
    assert.ok(durationMicros >= root.span.durationMicros);
    for (const row of rows) {
      assert.ok(row.offsetPercent >= 0 && row.offsetPercent <= 100, `${row.span.name} starts inside the axis`);
      assert.ok(row.widthPercent >= 0.5, `${row.span.name} is visible`);
      assert.ok(row.offsetPercent + row.widthPercent <= 100.5, `${row.span.name} ends inside the axis`);
    }
    const query = rows.find((row) => row.span.name === 'SELECT users')!;
    const expectedOffset = ((query.span.startMicros - rows[0]!.span.startMicros) / durationMicros) * 100;
    assert.ok(Math.abs(query.offsetPercent - expectedOffset) < 1e-9);
  });

  it('shows the orphan of a broken trace at the top level, marked, instead of hiding it', () => {
    const { rows } = buildWaterfall(brokenSpans);
    const orphan = rows.find((row) => row.missingParent);
    assert.ok(orphan);
    assert.equal(orphan.span.service, 'user-api');
    assert.equal(orphan.depth, 0);
    assert.equal(rows.length, brokenSpans.length);
  });

  it('lays out hundreds of spans in linear-ish time and never loses one, even with a parent cycle', () => {
    const many: TraceSpan[] = Array.from({ length: 600 }, (_, index) => ({
      ...orderSpans[0]!,
      spanId: index.toString(16).padStart(16, '0'),
      parentSpanId:
        index === 0
          ? undefined
          : Math.floor((index - 1) / 3)
              .toString(16)
              .padStart(16, '0'),
      startMicros: 1_000_000 + index * 10,
      durationMicros: 5,
    }));
    const cycle: TraceSpan[] = [
      { ...orderSpans[0]!, spanId: 'aaaaaaaaaaaaaaaa', parentSpanId: 'bbbbbbbbbbbbbbbb' },
      { ...orderSpans[0]!, spanId: 'bbbbbbbbbbbbbbbb', parentSpanId: 'aaaaaaaaaaaaaaaa' },
    ];
    const started = performance.now();
    assert.equal(buildWaterfall([...many, ...cycle]).rows.length, 602);
    assert.ok(performance.now() - started < 500);
  });
});

describe('formatDuration', () => {
  it('picks the unit that reads best', () => {
    assert.equal(formatDuration(850), '850 µs');
    assert.equal(formatDuration(12_345), '12.3 ms');
    assert.equal(formatDuration(1_420_000), '1.42 s');
  });
});
