import http from 'node:http';
import { expect, test } from '@playwright/test';
import { parseTraceContextHeader } from '@threadline/traces';
import { SAMPLE_ORDER } from './support/order-requests';
import { visitOf } from './support/trace-ids';
import { countOrders, SHARED_SHOP_DATABASE } from './support/shop-database';

/** The suite's main stack keeps its shop database here (playwright.config.ts). */

const BAD_ORDERS: { name: string; body: string; contentType?: string; status: number; code: string }[] = [
  { name: 'broken JSON', body: '{"userId": "1", "items": [', status: 400, code: 'invalid_json' },
  {
    name: 'not JSON at all',
    body: 'userId=1',
    contentType: 'application/x-www-form-urlencoded',
    status: 415,
    code: 'unsupported_media_type',
  },
  { name: 'an array', body: '[]', status: 422, code: 'invalid_order' },
  {
    name: 'a number for the user',
    body: JSON.stringify({ userId: 1, items: SAMPLE_ORDER.items }),
    status: 422,
    code: 'invalid_order',
  },
  { name: 'no items field', body: JSON.stringify({ userId: '1' }), status: 422, code: 'invalid_order' },
  { name: 'an empty order', body: JSON.stringify({ userId: '1', items: [] }), status: 422, code: 'invalid_order' },
  {
    name: 'a fractional quantity',
    body: JSON.stringify({ userId: '1', items: [{ sku: 'TL-MUG', quantity: 1.5 }] }),
    status: 422,
    code: 'invalid_order',
  },
  {
    name: 'a negative quantity',
    body: JSON.stringify({ userId: '1', items: [{ sku: 'TL-MUG', quantity: -2 }] }),
    status: 422,
    code: 'invalid_order',
  },
  {
    name: 'an absurd quantity',
    body: JSON.stringify({ userId: '1', items: [{ sku: 'TL-MUG', quantity: 1e12 }] }),
    status: 422,
    code: 'invalid_order',
  },
  {
    name: 'a quantity as a string',
    body: JSON.stringify({ userId: '1', items: [{ sku: 'TL-MUG', quantity: '3' }] }),
    status: 422,
    code: 'invalid_order',
  },
  {
    name: 'a client-chosen price',
    body: JSON.stringify({ userId: '1', items: [{ sku: 'TL-MUG', quantity: 1, price: 0 }] }),
    status: 422,
    code: 'invalid_order',
  },
  {
    name: 'an unknown SKU',
    body: JSON.stringify({ userId: '1', items: [{ sku: 'NOPE', quantity: 1 }] }),
    status: 422,
    code: 'unknown_sku',
  },
  {
    name: 'an SQL-looking user ID',
    body: JSON.stringify({ userId: "1' OR '1'='1", items: SAMPLE_ORDER.items }),
    status: 422,
    code: 'invalid_order',
  },
  {
    name: 'an oversized body',
    body: JSON.stringify({ ...SAMPLE_ORDER, padding: 'x'.repeat(20_000) }),
    status: 413,
    code: 'body_too_large',
  },
];

test.describe('hostile and malformed orders', () => {
  for (const bad of BAD_ORDERS) {
    test(`refuses ${bad.name} with ${bad.status} ${bad.code} and writes nothing`, async ({ request }) => {
      const before = await countOrders(SHARED_SHOP_DATABASE);
      const response = await request.post('/api/orders', {
        headers: { 'content-type': bad.contentType ?? 'application/json' },
        // A Buffer is sent byte for byte; a string would be JSON-encoded again.
        data: Buffer.from(bad.body),
        failOnStatusCode: false,
      });
      expect(response.status()).toBe(bad.status);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe(bad.code);
      expect(body.error.message.length).toBeGreaterThan(10);
      expect(await countOrders(SHARED_SHOP_DATABASE)).toBe(before);
    });
  }

  test('an invalid Idempotency-Key is refused', async ({ request }) => {
    const response = await request.post('/api/orders', {
      headers: { 'idempotency-key': 'has spaces in it' },
      data: SAMPLE_ORDER,
      failOnStatusCode: false,
    });
    expect(response.status()).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_idempotency_key' } });
  });
});

test.describe('hostile trace context headers', () => {
  const malformed: Record<string, Record<string, string>> = {
    'a traceparent with the wrong length': { traceparent: '00-abc-def-01' },
    'an all-zero trace ID': { traceparent: `00-${'0'.repeat(32)}-${'1'.repeat(16)}-01` },
    'a version ff traceparent': { traceparent: `ff-${'a'.repeat(32)}-${'b'.repeat(16)}-01` },
    'a traceparent with non-hex IDs': { traceparent: `00-${'z'.repeat(32)}-${'y'.repeat(16)}-01` },
    'a traceparent of 4 KiB': { traceparent: `00-${'a'.repeat(4096)}` },
    // The trace is the caller's own visit's (VISIT_PREFIX is replaced by its prefix), so it is continued.
    'a garbage tracestate': {
      traceparent: `00-VISIT_PREFIX${'c'.repeat(16)}-${'d'.repeat(16)}-01`,
      tracestate: '=,=,,===;\u0001'.replace('\u0001', '') + 'x'.repeat(600),
    },
    'a baggage of 8 KiB': { baggage: Array.from({ length: 400 }, (_, i) => `k${i}=${'v'.repeat(10)}`).join(',') },
    'a baggage that is not key=value': { baggage: ';;;===,,%%%' },
  };
  for (const [name, template] of Object.entries(malformed)) {
    test(`survives ${name}: a fresh or continued trace, never a 5xx`, async ({ request }) => {
      const { traceIdPrefix } = await visitOf(request);
      const headers = Object.fromEntries(
        Object.entries(template).map(([key, value]) => [key, value.replace('VISIT_PREFIX', traceIdPrefix)]),
      );
      const response = await request.post('/api/orders', { headers, data: SAMPLE_ORDER, failOnStatusCode: false });
      expect(response.status()).toBe(201);
      const traceresponse = parseTraceContextHeader(response.headers()['traceresponse']);
      expect(traceresponse).toBeDefined();
      const sent = parseTraceContextHeader(headers.traceparent);
      // An unusable traceparent starts a fresh trace; a valid one is continued, whatever comes with it.
      if (sent) expect(traceresponse!.traceId).toBe(sent.traceId);
      else expect(traceresponse!.traceId).not.toBe(headers.traceparent?.split('-')[1]);
    });
  }
});

test.describe('the browser span relay cannot be pointed elsewhere', () => {
  test('whatever the request says, spans go only to the configured collector', async ({ request }) => {
    let reachedDecoy = 0;
    const decoy = http.createServer((_req, res) => {
      reachedDecoy += 1;
      res.end('{}');
    });
    await new Promise<void>((resolve) => decoy.listen(0, '127.0.0.1', resolve));
    const decoyUrl = `http://127.0.0.1:${(decoy.address() as { port: number }).port}`;
    try {
      const attempts: { path: string; headers: Record<string, string> }[] = [
        { path: `/otlp/v1/traces?endpoint=${encodeURIComponent(decoyUrl)}`, headers: {} },
        { path: '/otlp/v1/traces', headers: { 'x-forwarded-host': decoyUrl.slice(7), forwarded: `host=${decoyUrl.slice(7)}` } },
        { path: '/otlp/v1/traces', headers: { 'x-otlp-endpoint': decoyUrl, referer: decoyUrl } },
      ];
      for (const attempt of attempts) {
        const response = await request.post(attempt.path, {
          headers: { 'content-type': 'application/json', ...attempt.headers },
          data: { resourceSpans: [] },
        });
        expect(response.status()).toBe(200);
      }
      expect(reachedDecoy).toBe(0);
    } finally {
      decoy.close();
    }
  });
});
