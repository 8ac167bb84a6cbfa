import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pick, seededRandom } from './random';
import { LoadTally, progressLine, summaryLines, type OrderOutcome } from './tally';

function outcome(status: OrderOutcome['status'], latencyMs: number, traceId: string, code?: string): OrderOutcome {
  return { status, code, latencyMs, traceId, sessionId: undefined, sampled: typeof status === 'number', via: 'api' };
}

describe('LoadTally', () => {
  it('counts placed and failed orders by status, with nearest-rank p50 and p99', () => {
    const tally = new LoadTally();
    for (let index = 1; index <= 98; index += 1) tally.record(outcome(201, index, `ok${index}`));
    tally.record(outcome(500, 400, 'failed', 'injected_failure'));
    tally.record(outcome('timeout', 30_000, 'slow'));
    tally.skip();
    const summary = tally.summary();
    assert.equal(summary.sent, 100);
    assert.equal(summary.placed, 98);
    assert.equal(summary.failed, 2);
    assert.deepEqual(summary.byStatus, { '201': 98, '500': 1, timeout: 1 });
    assert.equal(summary.skipped, 1);
    assert.equal(summary.p50Ms, 50);
    assert.equal(summary.p99Ms, 400);
    assert.equal(summary.tracesSampled, 99);
    assert.deepEqual(summary.slowest, { traceId: 'slow', latencyMs: 30_000 });
    assert.deepEqual(summary.firstFailure, { traceId: 'failed', status: 500, code: 'injected_failure' });
  });

  it('reports a run in a few lines that point at the traces to open', () => {
    const tally = new LoadTally();
    tally.record(outcome(201, 40, 'a'));
    tally.record(outcome(500, 90, 'b', 'injected_failure'));
    const lines = summaryLines(tally.summary(), { shopUrl: 'http://127.0.0.1:3000', seconds: 2 });
    assert.deepEqual(lines, [
      'Orders: 2 in 2.0 s, 1 placed, 1 failed (500 ×1)',
      'Latency: p50 40 ms, p99 90 ms',
      "Traces sampled: 2 of 2 (the shop's traceresponse flag)",
      'Slowest: http://127.0.0.1:3000/traces/b (90 ms)',
      'A failure: http://127.0.0.1:3000/traces/b (500 injected_failure)',
    ]);
    tally.record({ ...outcome(201, 50, 'c'), via: 'browser' });
    assert.match(
      summaryLines(tally.summary(), { shopUrl: 'http://x', seconds: 2 })[0]!,
      /^Orders: 3 \(1 clicked in Chromium\) in 2\.0 s/,
    );
    assert.equal(progressLine(tally.summary(), 5, 20, 3), '[load] 5/20 s: 3 answered (201: 2, 500: 1), 3 waiting, p50 50 ms');
    assert.equal(progressLine(new LoadTally().summary(), 5, 20, 0), '[load] 5/20 s: 0 answered (none yet), 0 waiting, p50 –');
  });
});

describe('seededRandom', () => {
  it('makes the same choices from the same seed, and spreads them', () => {
    const first = seededRandom(7);
    const again = seededRandom(7);
    const draws = Array.from({ length: 1000 }, () => first());
    assert.deepEqual(
      draws.slice(0, 5),
      Array.from({ length: 5 }, () => again()),
    );
    assert.ok(draws.every((draw) => draw >= 0 && draw < 1));
    const share = draws.filter((draw) => draw < 0.5).length / draws.length;
    assert.ok(share > 0.45 && share < 0.55, `share below 0.5 was ${share}`);
    assert.notEqual(seededRandom(8)(), seededRandom(7)());
    assert.equal(pick(['only'], first), 'only');
  });
});
