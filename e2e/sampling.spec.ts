import { expect, test } from '@playwright/test';
import { IsolatedStack } from '../scripts/lib/isolated-stack';
import { postOrder } from './support/order-requests';

/** Longer than every batch delay and Jaeger's own batching: what is not there by then was not recorded. */
const SETTLE_MS = 3000;

test.describe('sampling never makes partial traces', () => {
  test.describe.configure({ mode: 'serial' });
  const stack = new IsolatedStack('sampling', 500, { web: { BROWSER_TRACES_SAMPLER_ARG: '0' } });

  test.beforeAll(async () => stack.startAll());
  test.afterAll(async () => stack.stopAll());

  test('with the browser’s ratio at 0, an order leaves no span in Jaeger from any service', async ({ page }) => {
    await page.goto(stack.shopUrl);
    const orderRequest = page.waitForRequest((request) => request.method() === 'POST' && request.url().endsWith('/api/orders'));
    await page.getByRole('button', { name: 'Place order', exact: true }).click();
    const traceparent = (await orderRequest).headers()['traceparent']!;
    expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    await expect(page.getByTestId('order-id')).toBeVisible();
    await expect(page.getByTestId('trace-not-sampled')).toBeVisible();

    await page.waitForTimeout(SETTLE_MS);
    expect(await stack.jaeger.getTrace(traceparent.split('-')[1]!)).toBeNull();
    // Not even the page load: the browser recorded nothing at all.
    expect(await stack.jaeger.services()).not.toContain('shop-browser');
  });

  test('an incoming traceparent with the sampled flag off records nothing in either service', async ({ request }) => {
    const sent = await postOrder(request, stack.shopUrl);
    const unsampledTraceId = sent.traceId.replace(/^./, 'b');
    const response = await request.post(`${stack.shopUrl}/api/orders`, {
      headers: { traceparent: `00-${unsampledTraceId}-${sent.parentSpanId}-00` },
      data: { userId: '2', items: [{ sku: 'TL-TEE', quantity: 1 }] },
    });
    expect(response.status()).toBe(201);
    expect(response.headers()['traceresponse']).toMatch(new RegExp(`^00-${unsampledTraceId}-[0-9a-f]{16}-00$`));
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    expect(await stack.jaeger.getTrace(unsampledTraceId)).toBeNull();
    // The sampled request just before it is there, whole, from both services: the decision was followed.
    const sampled = await stack.jaeger.getTrace(sent.traceId);
    expect(new Set(sampled?.spans.map((span) => sampled.processes[span.processID]!.serviceName))).toEqual(new Set(['shop-web', 'user-api']));
  });
});
