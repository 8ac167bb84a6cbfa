import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TraceSpan } from '@threadline/traces';
import { diagnoseProbeTrace } from './probe-diagnosis';

const PROBE = 'aaaaaaaaaaaaaaaa';

function span(
  spanId: string,
  service: string,
  kind: string,
  name: string,
  parentSpanId?: string,
  attributes: Record<string, unknown> = {},
): TraceSpan {
  return {
    spanId,
    parentSpanId,
    service,
    kind,
    name,
    status: 'UNSET',
    attributes,
    startMicros: 0,
    durationMicros: 1,
    events: [],
  };
}

const healthy = [
  span(PROBE, 'threadline-doctor', 'client', 'doctor probe'),
  span('1', 'shop-web', 'server', 'GET /api/users', PROBE),
  span('2', 'shop-web', 'client', 'GET /users', '1'),
  span('3', 'user-api', 'server', 'GET /users', '2'),
  span('4', 'user-api', 'client', 'SELECT users', '3', { 'db.system.name': 'sqlite' }),
];

const failures = (spans: TraceSpan[], userApiExportedElsewhere = false) =>
  diagnoseProbeTrace(spans, { probeSpanId: PROBE, userApiExportedElsewhere }).filter((result) => !result.ok);

describe('diagnoseProbeTrace', () => {
  it('passes every hop of a whole probe trace', () => {
    assert.deepEqual(failures(healthy), []);
  });

  it('names the web tier when it has no span in the probe’s trace', () => {
    const [failure] = failures(healthy.filter((s) => s.service !== 'shop-web' && s.service !== 'user-api'));
    assert.match(failure!.name, /shop-web continues/);
  });

  it('names the hop to a user API that runs without tracing', () => {
    const [failure, ...rest] = failures(healthy.filter((s) => s.service !== 'user-api'));
    assert.deepEqual(rest, []);
    assert.match(failure!.detail, /broken hop shop-web → user-api/);
    assert.match(failure!.detail, /no spans at all/);
  });

  it('tells a lost traceparent apart from a user API that exports nothing', () => {
    const [failure] = failures(
      healthy.filter((s) => s.service !== 'user-api'),
      true,
    );
    assert.match(failure!.detail, /in a trace of its own/);
  });

  it('catches a web tier that started a new trace instead of continuing', () => {
    const restarted = healthy.map((s) => (s.spanId === '1' ? { ...s, parentSpanId: undefined } : s));
    assert.ok(failures(restarted).some((result) => /shop-web continues/.test(result.name)));
  });

  it('does not count a trace whose probe span never arrived as whole, though it looks like one continuing a caller', () => {
    const [failure, ...rest] = failures(healthy.filter((s) => s.spanId !== PROBE));
    assert.deepEqual(rest, []);
    assert.equal(failure!.name, 'the trace is whole');
    assert.match(failure!.detail, /^0 root\(s\), 1 span\(s\) with a missing parent: shop-web: GET \/api\/users$/);
  });
});
