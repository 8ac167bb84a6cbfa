import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RestartBackoff } from './restart-policy';

describe('RestartBackoff', () => {
  const policy = { firstDelayMs: 500, maxDelayMs: 4000, stableAfterMs: 60_000 };

  it('doubles the wait for each crash that follows quickly, up to the cap', () => {
    const backoff = new RestartBackoff(policy);
    assert.deepEqual(
      [1, 2, 3, 4, 5].map(() => backoff.delayAfterCrash(1000)),
      [500, 1000, 2000, 4000, 4000],
    );
    assert.equal(backoff.restarts, 5);
  });

  it('forgives earlier crashes once the service has stayed up long enough', () => {
    const backoff = new RestartBackoff(policy);
    backoff.delayAfterCrash(100);
    backoff.delayAfterCrash(100);
    assert.equal(backoff.delayAfterCrash(60_000), 500);
    assert.equal(backoff.delayAfterCrash(10), 1000);
  });
});
