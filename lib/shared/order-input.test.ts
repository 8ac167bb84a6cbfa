import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ORDER_LIMITS, parseOrderInput } from './order-input';

const valid = { userId: '1', items: [{ sku: 'TL-MUG', quantity: 2 }] };

function problem(body: unknown): string {
  const result = parseOrderInput(body);
  assert.equal(result.ok, false, `expected ${JSON.stringify(body)} to be refused`);
  return result.ok ? '' : result.message;
}

describe('parseOrderInput', () => {
  it('accepts a well-formed order as it is', () => {
    assert.deepEqual(parseOrderInput(valid), { ok: true, value: valid });
  });

  it('says what is wrong with each kind of bad order', () => {
    assert.match(problem(null), /JSON object/);
    assert.match(problem([valid]), /JSON object/);
    assert.match(problem({ ...valid, userId: 7 }), /"userId" must be a string/);
    assert.match(problem({ ...valid, userId: '' }), /1 to 64 characters/);
    assert.match(problem({ ...valid, userId: '../etc' }), /letters, digits/);
    assert.match(problem({ userId: '1' }), /"items" must be an array/);
    assert.match(problem({ ...valid, items: [] }), /at least one item/);
    assert.match(problem({ ...valid, items: [{ sku: 'TL-MUG' }] }), /quantity must be a whole number/);
    assert.match(problem({ ...valid, items: [{ sku: 'TL-MUG', quantity: 1.5 }] }), /whole number/);
    assert.match(problem({ ...valid, items: [{ sku: 'TL-MUG', quantity: 0 }] }), /between 1 and/);
    assert.match(problem({ ...valid, items: [{ sku: 'TL-MUG', quantity: -3 }] }), /between 1 and/);
    assert.match(problem({ ...valid, items: [{ sku: 'TL-MUG', quantity: ORDER_LIMITS.maxQuantity + 1 }] }), /between 1 and/);
    assert.match(problem({ ...valid, items: [{ sku: 'TL-MUG', quantity: '2' }] }), /whole number/);
    assert.match(
      problem({
        ...valid,
        items: [
          { sku: 'TL-MUG', quantity: 1 },
          { sku: 'TL-MUG', quantity: 1 },
        ],
      }),
      /more than once/,
    );
    assert.match(problem({ ...valid, extra: true }), /unexpected field "extra"/);
    assert.match(problem({ ...valid, items: [{ sku: 'TL-MUG', quantity: 1, price: 0 }] }), /unexpected field "price"/);
    const tooMany = Array.from({ length: ORDER_LIMITS.maxLines + 1 }, (_, index) => ({ sku: `SKU-${index}`, quantity: 1 }));
    assert.match(problem({ ...valid, items: tooMany }), /at most 50 items/);
  });

  it('never throws and never accepts anything outside the limits, whatever JSON arrives', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        const result = parseOrderInput(body);
        if (!result.ok) return typeof result.message === 'string' && result.message.length > 0;
        const { items } = result.value;
        return (
          items.length >= 1 &&
          items.length <= ORDER_LIMITS.maxLines &&
          items.every(
            (item) => Number.isInteger(item.quantity) && item.quantity >= 1 && item.quantity <= ORDER_LIMITS.maxQuantity,
          )
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts every order built within the limits', () => {
    const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
    const order = fc.record({
      userId: id,
      items: fc.uniqueArray(fc.record({ sku: id, quantity: fc.integer({ min: 1, max: ORDER_LIMITS.maxQuantity }) }), {
        minLength: 1,
        maxLength: ORDER_LIMITS.maxLines,
        selector: (item) => item.sku,
      }),
    });
    fc.assert(fc.property(order, (body) => parseOrderInput(body).ok));
  });
});
