import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeError } from './describe-error';

describe('describeError', () => {
  it('adds the cause that Node’s fetch hides behind "fetch failed"', () => {
    const refused = new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:8080') });
    assert.equal(describeError(refused), 'fetch failed: connect ECONNREFUSED 127.0.0.1:8080');
  });

  it('takes anything thrown', () => {
    assert.equal(describeError(new Error('plain')), 'plain');
    assert.equal(describeError({ message: 'an exporter error object' }), 'an exporter error object');
    assert.equal(describeError('a string'), 'a string');
  });
});
