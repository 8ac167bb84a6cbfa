import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TraceFlags, type SpanContext } from '@opentelemetry/api';
import { ClickLedger } from './web-vitals';

const click = (spanId: string): SpanContext => ({ traceId: 'a'.repeat(32), spanId, traceFlags: TraceFlags.SAMPLED });

describe('ClickLedger', () => {
  it('finds the click closest to the interaction’s event time, within a second', () => {
    const clicks = new ClickLedger();
    clicks.record(click('1'.repeat(16)), 1000);
    clicks.record(click('2'.repeat(16)), 5000);
    assert.equal(clicks.clickAt(1010)?.spanId, '1'.repeat(16));
    assert.equal(clicks.clickAt(4990)?.spanId, '2'.repeat(16));
    assert.equal(clicks.clickAt(3000), undefined);
  });

  it('remembers only the latest clicks', () => {
    const clicks = new ClickLedger();
    for (let i = 0; i < 30; i += 1) clicks.record(click(i.toString(16).padStart(16, '0')), i * 10_000);
    assert.equal(clicks.clickAt(0), undefined);
    assert.equal(clicks.clickAt(290_000)?.spanId, (29).toString(16).padStart(16, '0'));
  });
});
