import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TokenBucketLimiter } from './rate-limiter';

describe('TokenBucketLimiter', () => {
  it('allows a burst, then the sustained rate, per client', () => {
    let now = 0;
    const limiter = new TokenBucketLimiter(2, 3, () => now);
    assert.deepEqual(
      [1, 2, 3, 4].map(() => limiter.tryTake('a')),
      [true, true, true, false],
    );
    assert.equal(limiter.tryTake('b'), true, 'another client has its own bucket');
    now += 500;
    assert.equal(limiter.tryTake('a'), true, 'one token back after half a second at 2/s');
    assert.equal(limiter.tryTake('a'), false);
    now += 10_000;
    assert.deepEqual(
      [1, 2, 3, 4].map(() => limiter.tryTake('a')),
      [true, true, true, false],
      'never more than the burst',
    );
  });

  it('forgets clients idle for a minute', () => {
    let now = 0;
    const limiter = new TokenBucketLimiter(1, 1, () => now);
    limiter.tryTake('old');
    now += 61_000;
    limiter.tryTake('new');
    assert.equal((limiter as unknown as { buckets: Map<string, unknown> }).buckets.has('old'), false);
  });
});
