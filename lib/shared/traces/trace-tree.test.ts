import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JaegerSpan, JaegerTrace } from './jaeger-api';
import { analyseTrace, isDescendantOf, parentOf, renderTraceTree, toTraceSpans } from './trace-tree';
import { isWholeTrace } from './trace-wholeness';

function span(
  spanID: string,
  operationName: string,
  processID: string,
  parent?: string,
  tags: Record<string, unknown> = {},
): JaegerSpan {
  return {
    traceID: 't',
    spanID,
    operationName,
    processID,
    references: parent ? [{ refType: 'CHILD_OF', traceID: 't', spanID: parent }] : [],
    startTime: Number.parseInt(spanID, 16),
    duration: 10,
    tags: Object.entries(tags).map(([key, value]) => ({ key, type: typeof value === 'number' ? 'int64' : 'string', value })),
  };
}

const processes = {
  p1: { serviceName: 'shop-browser', tags: [] },
  p2: { serviceName: 'shop-web', tags: [] },
  p3: { serviceName: 'user-api', tags: [] },
};

/** The shape of a recorded order trace, trimmed to one span per hop. */
const orderTrace: JaegerTrace = {
  traceID: 't',
  processes,
  spans: [
    span('1', 'click Place order', 'p1'),
    span('2', 'HTTP POST', 'p1', '1', { 'span.kind': 'client' }),
    span('3', 'POST /api/orders', 'p2', '2', { 'span.kind': 'server' }),
    span('4', 'GET /users/:id', 'p2', '3', { 'span.kind': 'client', 'otel.status_code': 'ERROR' }),
    span('5', 'GET /users/:id', 'p3', '4', { 'span.kind': 'server' }),
    span('6', 'SELECT users', 'p3', '5', { 'span.kind': 'client' }),
  ],
};

describe('trace tree analysis', () => {
  it('finds one root, no orphans and all three services in a whole trace', () => {
    const spans = toTraceSpans(orderTrace);
    const shape = analyseTrace(spans);
    assert.deepEqual(
      shape.roots.map((s) => s.name),
      ['click Place order'],
    );
    assert.deepEqual(shape.orphans, []);
    assert.deepEqual(shape.services, ['shop-browser', 'shop-web', 'user-api']);
    assert.equal(isWholeTrace(shape), true);
    assert.equal(spans[3]!.status, 'ERROR');
    assert.equal(spans[0]!.kind, 'internal');
  });

  it('flags a span whose parent is missing as an orphan: the broken hop', () => {
    const broken = { ...orderTrace, spans: orderTrace.spans.filter((s) => s.spanID !== '4') };
    const shape = analyseTrace(toTraceSpans(broken));
    assert.deepEqual(
      shape.orphans.map((s) => `${s.service}: ${s.name}`),
      ['user-api: GET /users/:id'],
    );
    assert.equal(isWholeTrace(shape), false);
  });

  it('flags a trace with two roots as broken', () => {
    const split = { ...orderTrace, spans: [...orderTrace.spans, span('7', 'GET /users/:id', 'p3')] };
    assert.equal(isWholeTrace(analyseTrace(toTraceSpans(split))), false);
  });

  it('walks parents and ancestors', () => {
    const spans = toTraceSpans(orderTrace);
    assert.equal(parentOf(spans[5]!, spans), spans[4]);
    assert.equal(isDescendantOf(spans[5]!, spans[0]!, spans), true);
    assert.equal(isDescendantOf(spans[0]!, spans[5]!, spans), false);
  });

  it('renders the tree indented by parent, with errors and missing parents marked', () => {
    assert.equal(
      renderTraceTree(toTraceSpans(orderTrace)),
      [
        'shop-browser: click Place order',
        '  shop-browser: HTTP POST',
        '    shop-web: POST /api/orders',
        '      shop-web: GET /users/:id [error]',
        '        user-api: GET /users/:id',
        '          user-api: SELECT users',
      ].join('\n'),
    );
    const broken = { ...orderTrace, spans: orderTrace.spans.filter((s) => s.spanID !== '4') };
    assert.match(renderTraceTree(toTraceSpans(broken)), /^user-api: GET \/users\/:id \[missing parent\]$/m);
  });
});
