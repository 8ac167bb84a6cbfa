import { expect, test } from '@playwright/test';
import { IsolatedStack } from '../scripts/lib/isolated-stack';
import { newProbeSpan, otlpJsonForSpan } from '../scripts/lib/otlp-probe-span';
import { SHOP_URL } from './support/stack-urls';
import { jaeger } from './support/wait-for-trace';

/** The browser's same-origin span endpoint is the shop's only door to the collector: it must stay narrow. */
test.describe('browser span relay /otlp/v1/traces', () => {
  test('forwards an OTLP/JSON batch to Jaeger', async ({ request }) => {
    const span = newProbeSpan();
    const now = Date.now();
    const response = await request.post('/otlp/v1/traces', {
      headers: { 'content-type': 'application/json' },
      // A Buffer goes byte for byte; a string would be JSON-encoded a second time.
      data: Buffer.from(otlpJsonForSpan(span, 'relayed span', now - 5, now)),
    });
    expect(response.status()).toBe(200);
    await expect
      .poll(async () => (await jaeger.getTrace(span.traceId))?.spans.map((stored) => stored.operationName), { timeout: 15_000 })
      .toEqual(['relayed span']);
  });

  test('accepts spans from the shop opened at localhost, as the README says, though it listens on 127.0.0.1', async ({
    request,
  }) => {
    const response = await request.post(`${SHOP_URL.replace('127.0.0.1', 'localhost')}/otlp/v1/traces`, {
      headers: { 'content-type': 'application/json', origin: SHOP_URL.replace('127.0.0.1', 'localhost') },
      data: { resourceSpans: [] },
    });
    expect(response.status()).toBe(200);
  });

  test('refuses content that is not OTLP with 415', async ({ request }) => {
    const response = await request.post('/otlp/v1/traces', {
      headers: { 'content-type': 'text/plain' },
      data: 'hello',
    });
    expect(response.status()).toBe(415);
    expect(await response.json()).toMatchObject({ error: { code: 'unsupported_media_type' } });
  });

  test('refuses a body over its limit with 413', async ({ request }) => {
    const response = await request.post('/otlp/v1/traces', {
      headers: { 'content-type': 'application/x-protobuf' },
      data: Buffer.alloc(1024 * 1024 + 1),
    });
    expect(response.status()).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'body_too_large' } });
  });
});

test('refuses spans sent from another site’s page with 403', async ({ request }) => {
  const response = await request.post('/otlp/v1/traces', {
    headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
    data: { resourceSpans: [] },
  });
  expect(response.status()).toBe(403);
  expect(await response.json()).toMatchObject({ error: { code: 'forbidden_origin' } });
});

test.describe('per-client rate limit', () => {
  const stack = new IsolatedStack('relay-limits', 900, { web: { SPAN_RELAY_RATE_LIMIT: '2', SPAN_RELAY_BURST: '5' } });
  test.beforeAll(async () => stack.startAll());
  test.afterAll(async () => stack.stopAll());

  test('a client past its burst gets 429 with Retry-After, which OTLP exporters honour', async ({ request }) => {
    // Sent at once, so the bucket (burst 5, refilled at 2 per second) hardly refills meanwhile.
    const startedMs = Date.now();
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        request.post(`${stack.shopUrl}/otlp/v1/traces`, {
          headers: { 'content-type': 'application/json' },
          data: { resourceSpans: [] },
        }),
      ),
    );
    const elapsedSeconds = (Date.now() - startedMs) / 1000;
    const statuses = responses.map((response) => response.status());
    const accepted = statuses.filter((status) => status === 200).length;
    expect(accepted).toBeGreaterThanOrEqual(5);
    expect(accepted).toBeLessThanOrEqual(5 + Math.ceil(2 * elapsedSeconds));
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(3);
    const retryAfter = responses.find((response) => response.status() === 429)?.headers()['retry-after'];
    expect(retryAfter).toBe('1');
  });
});
