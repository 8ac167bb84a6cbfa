import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { submitOrder } from './shop-api';

const realFetch = globalThis.fetch;
const ORDER = { id: 'ord_1', userId: 'u1', items: [], totalCents: 0, traceId: 'a'.repeat(32), createdAt: '' };

/** A 201 whose headers arrived and whose body then broke off, as when a replica is killed mid-answer. */
function cutOffCreated(): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"id":"ord_'));
      controller.error(new TypeError('network error'));
    },
  });
  return new Response(body, { status: 201, headers: { 'content-type': 'application/json' } });
}

/** Answers the page's requests in turn, and keeps the Idempotency-Key each carried. */
function answerWith(...answers: (() => Response | Promise<Response>)[]): (string | null)[] {
  const keys: (string | null)[] = [];
  globalThis.fetch = (_input, init) => {
    keys.push(new Headers(init?.headers).get('idempotency-key'));
    const next = answers.shift();
    if (!next) throw new Error('more requests than the test expected');
    return Promise.resolve(next());
  };
  return keys;
}

describe('submitOrder', () => {
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it('sends an order again with the same key when the success answer was cut off', async () => {
    const keys = answerWith(cutOffCreated, () => Response.json(ORDER, { status: 201 }));
    const result = await submitOrder({ userId: 'u1', items: [{ sku: 'tea', quantity: 1 }] });
    assert.equal(result.ok, true);
    assert.deepEqual(result.ok && result.value, ORDER);
    assert.equal(keys.length, 2);
    assert.ok(keys[0]);
    assert.equal(keys[1], keys[0]);
  });

  it("takes the shop's own error as final", async () => {
    const keys = answerWith(() => Response.json({ error: { code: 'user_not_found', message: 'No user u9.' } }, { status: 404 }));
    const result = await submitOrder({ userId: 'u9', items: [{ sku: 'tea', quantity: 1 }] });
    assert.deepEqual(result, { ok: false, status: 404, code: 'user_not_found', message: 'No user u9.', traceId: undefined });
    assert.equal(keys.length, 1);
  });

  it('gives up after three attempts whose answers say nothing, and says so', async () => {
    const keys = answerWith(cutOffCreated, cutOffCreated, cutOffCreated);
    const result = await submitOrder({ userId: 'u1', items: [{ sku: 'tea', quantity: 1 }] });
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.code, 'answer_cut_off');
    assert.equal(keys.length, 3);
  });
});
