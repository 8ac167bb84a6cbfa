import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IdempotencyKeyTaken } from './shop-repository';

describe('IdempotencyKeyTaken', () => {
  it('is recognised when thrown by another route bundle’s copy of the class', () => {
    // What another copy's instance looks like from here: an Error carrying the same global brand.
    const fromAnotherBundle = Object.assign(new Error('idempotency key k is already taken'), {
      [Symbol.for('threadline.shop.idempotency-key-taken')]: true,
    });
    assert.ok(fromAnotherBundle instanceof IdempotencyKeyTaken);
    assert.ok(new IdempotencyKeyTaken('k') instanceof IdempotencyKeyTaken);
    assert.ok(new IdempotencyKeyTaken('k') instanceof Error);
  });

  it('is not any other error', () => {
    assert.equal(new Error('idempotency key k is already taken') instanceof IdempotencyKeyTaken, false);
    assert.equal(Object.assign(new Error('x'), { name: 'IdempotencyKeyTaken' }) instanceof IdempotencyKeyTaken, false);
  });
});
