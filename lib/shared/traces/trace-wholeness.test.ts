import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyseTrace, type TraceSpan } from './trace-tree';
import { isWholeTrace } from './trace-wholeness';

function span(spanId: string, service: string, kind: string, parentSpanId?: string): TraceSpan {
  return {
    spanId,
    parentSpanId,
    service,
    kind,
    name: `${service} ${kind}`,
    status: 'UNSET',
    attributes: {},
    startMicros: 0,
    durationMicros: 1,
    events: [],
  };
}

const order = [
  span('1', 'shop-browser', 'internal'),
  span('2', 'shop-browser', 'client', '1'),
  span('3', 'shop-web', 'server', '2'),
  span('4', 'shop-web', 'client', '3'),
  span('5', 'user-api', 'server', '4'),
];
/** An API client's order: its `traceparent` names a span that never reaches Jaeger. */
const fromApiClient = order
  .filter((s) => s.service !== 'shop-browser')
  .map((s) => (s.spanId === '3' ? { ...s, parentSpanId: 'remote' } : s));
const ALL = ['shop-browser', 'shop-web', 'user-api'];

const whole = (spans: TraceSpan[], rule?: Parameters<typeof isWholeTrace>[1]) => isWholeTrace(analyseTrace(spans), rule);

describe('isWholeTrace', () => {
  it('holds for one root, no missing parent and every expected service', () => {
    assert.equal(whole(order), true);
    assert.equal(whole(order, { expectedServices: ALL }), true);
    assert.equal(
      whole(
        order.filter((s) => s.service !== 'user-api'),
        { expectedServices: ALL },
      ),
      false,
    );
    assert.equal(whole([]), false);
  });

  it('fails for a lost hop in the middle, even where a remote caller is accepted', () => {
    const lostHop = order.filter((s) => s.spanId !== '4');
    assert.equal(whole(lostHop), false);
    assert.equal(whole(lostHop, { acceptRemoteCaller: true }), false);
    assert.equal(whole([...order, span('6', 'user-api', 'server')]), false, 'two roots');
  });

  it('accepts a trace continuing a remote caller only when asked to, and only at a server span', () => {
    assert.equal(whole(fromApiClient), false);
    assert.equal(whole(fromApiClient, { acceptRemoteCaller: true }), true);
    assert.equal(whole(fromApiClient, { acceptRemoteCaller: true, expectedServices: ALL }), false);
    const clientOrphan = fromApiClient
      .filter((s) => s.spanId !== '3')
      .map((s) => (s.spanId === '4' ? { ...s, parentSpanId: 'remote' } : s));
    assert.equal(whole(clientOrphan, { acceptRemoteCaller: true }), false);
  });
});
