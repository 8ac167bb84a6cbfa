import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { median, percentile, prometheusSum } from './stats';

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
});
