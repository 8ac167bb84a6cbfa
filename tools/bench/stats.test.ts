import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { median, pairedRatios, percentile, prometheusSum, rotated } from './stats';

describe('bench statistics', () => {
  it('takes nearest-rank percentiles', () => {
    const samples = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    assert.equal(median(samples), 5);
    assert.equal(percentile(samples, 0.95), 10);
    assert.equal(percentile(samples, 0.1), 1);
    assert.ok(Number.isNaN(median([])));
  });

  it('sums a Prometheus metric over its label sets, and nothing that only shares a prefix', () => {
    const text = [
      '# HELP x',
      'spans_total{service="a"} 3',
      'spans_total{service="b"} 4',
      'spans_total_extra 100',
      'spans_total 1',
    ].join('\n');
    assert.equal(prometheusSum(text, 'spans_total'), 8);
  });

  it('pairs rounds before taking ratios, and reports the median with the spread', () => {
    // Round 2 ran on a slow machine for both variants: paired, it still gives the same ratio.
    const spread = pairedRatios([90, 45, 95], [100, 50, 100]);
    assert.equal(spread.median, 0.9);
    assert.equal(spread.low, 0.9);
    assert.equal(spread.high, 0.95);
    assert.equal(spread.rounds, 3);
    assert.throws(() => pairedRatios([1, 2], [1]), /equal, non-zero counts/);
  });

  it('rotates the order of variants round by round', () => {
    assert.deepEqual(rotated(['off', 'on', 'peer'], 0), ['off', 'on', 'peer']);
    assert.deepEqual(rotated(['off', 'on', 'peer'], 1), ['on', 'peer', 'off']);
    assert.deepEqual(rotated(['off', 'on', 'peer'], 4), ['on', 'peer', 'off']);
  });
});
