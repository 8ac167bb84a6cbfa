import { expect, test } from '@playwright/test';

/** The browser's same-origin span endpoint is the shop's only door to the collector: it must stay narrow. */
test.describe('browser span relay /otlp/v1/traces', () => {
  test('forwards an OTLP/JSON batch to Jaeger', async ({ request }) => {
    const response = await request.post('/otlp/v1/traces', {
      headers: { 'content-type': 'application/json' },
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
