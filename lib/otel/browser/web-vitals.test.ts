import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { trace, type Span } from '@opentelemetry/api';
import type { Metric } from 'web-vitals';
import { ClickLedger, webVitalAttributes, type VitalParent } from './web-vitals';

const click = (startMs: number): VitalParent => ({
  span: trace.wrapSpanContext({ traceId: 'a'.repeat(32), spanId: '1'.repeat(16), traceFlags: 1 }) as Span,
  startMs,
});

describe('ClickLedger', () => {
  it('finds the click closest to the interaction’s event time, within a second', () => {
    const clicks = new ClickLedger();
    const [early, late] = [click(1000), click(5000)];
    clicks.record(early);
    clicks.record(late);
    assert.equal(clicks.clickAt(1010), early);
    assert.equal(clicks.clickAt(4990), late);
    assert.equal(clicks.clickAt(3000), undefined);
  });

  it('remembers only the latest clicks', () => {
    const clicks = new ClickLedger();
    const recorded = Array.from({ length: 30 }, (_, i) => click(i * 10_000));
    for (const entry of recorded) clicks.record(entry);
    assert.equal(clicks.clickAt(0), undefined);
    assert.equal(clicks.clickAt(290_000), recorded[29]);
  });
});

describe('webVitalAttributes', () => {
  it('names a vital as the browser conventions do', () => {
    const metric = {
      name: 'LCP',
      value: 812.5,
      delta: 812.5,
      id: 'v5-1',
      rating: 'good',
      navigationType: 'reload',
      entries: [],
    } as unknown as Metric;
    assert.deepEqual(webVitalAttributes(metric), {
      'browser.web_vital.name': 'lcp',
      'browser.web_vital.value': 812.5,
      'browser.web_vital.delta': 812.5,
      'browser.web_vital.id': 'v5-1',
      'browser.web_vital.rating': 'good',
      'browser.web_vital.navigation_type': 'reload',
    });
  });
});
