import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isValidIdempotencyKey, orderRequestHash } from './idempotency-key';

describe('idempotency keys', () => {
  it('accepts visible ASCII up to 255 characters', () => {
    assert.equal(isValidIdempotencyKey('8e0f0c7a-3f7e-4b6e-9d0f-0c7a3f7e4b6e'), true);
    assert.equal(isValidIdempotencyKey(''), false);
    assert.equal(isValidIdempotencyKey('has space'), false);
    assert.equal(isValidIdempotencyKey('ü'), false);
    assert.equal(isValidIdempotencyKey('k'.repeat(256)), false);
  });

  it('fingerprints an order independent of line order, and tells different orders apart', () => {
    const a = orderRequestHash({
      userId: '1',
      items: [
        { sku: 'A', quantity: 1 },
        { sku: 'B', quantity: 2 },
      ],
    });
    const b = orderRequestHash({
      userId: '1',
      items: [
        { sku: 'B', quantity: 2 },
        { sku: 'A', quantity: 1 },
      ],
    });
    assert.equal(a, b);
    assert.notEqual(
      a,
      orderRequestHash({
        userId: '1',
        items: [
          { sku: 'A', quantity: 2 },
          { sku: 'B', quantity: 2 },
        ],
      }),
    );
    assert.notEqual(
      a,
      orderRequestHash({
        userId: '2',
        items: [
          { sku: 'A', quantity: 1 },
          { sku: 'B', quantity: 2 },
        ],
      }),
    );
  });
});
