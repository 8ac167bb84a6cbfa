import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LogThrottle } from './log-throttle';

describe('LogThrottle', () => {
  it('lets one line per key through per interval and adds up what it held back', () => {
    let nowMs = 0;
    const throttle = new LogThrottle(10_000, () => nowMs);
    assert.equal(throttle.admit('foreign_service'), 1);
    nowMs = 1_000;
    assert.equal(throttle.admit('foreign_service'), undefined);
    assert.equal(throttle.admit('foreign_service', 5), undefined);
    // Another reason has its own line.
    assert.equal(throttle.admit('invalid_id'), 1);
    nowMs = 10_000;
    assert.equal(throttle.admit('foreign_service', 2), 8);
    nowMs = 19_999;
    assert.equal(throttle.admit('foreign_service'), undefined);
    nowMs = 20_000;
    assert.equal(throttle.admit('foreign_service'), 2);
  });
});
