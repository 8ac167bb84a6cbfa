import { expect, test, type APIRequestContext } from '@playwright/test';
import { IsolatedStack } from '../scripts/lib/isolated-stack';
import { postOrder } from './support/order-requests';
import { newTraceparent, visitOf } from './support/trace-ids';
import { reachedUserApiQuery, waitForTrace } from './support/wait-for-trace';

/**
 * "Nothing recorded" is proven against a beacon: a sampled order sent afterwards through the same
 * services. Each exporter sends in order, so once the beacon's trace is whole in Jaeger, anything
 * recorded before it would be there too.
 */
test.describe('sampling never makes partial traces', () => {
  test.describe.configure({ mode: 'serial' });
  const stack = new IsolatedStack('sampling', 500, { web: { BROWSER_TRACES_SAMPLER_ARG: '0' } });

  test.beforeAll(async () => stack.startAll());
  test.afterAll(async () => stack.stopAll());

  async function sendBeacon(request: APIRequestContext): Promise<void> {
    const beacon = await postOrder(request, stack.shopUrl);
    expect(beacon.response.status()).toBe(201);
    await waitForTrace(beacon.traceId, reachedUserApiQuery(), { client: stack.jaeger });
  }

  test('with the browser’s ratio at 0, an order leaves no span in Jaeger from any service', async ({ page, request }) => {
    const browserExports: string[] = [];
    page.on('request', (sent) => {
      if (sent.url().endsWith('/otlp/v1/traces')) browserExports.push(sent.url());
    });
    await page.goto(stack.shopUrl);
    const orderRequest = page.waitForRequest((sent) => sent.method() === 'POST' && sent.url().endsWith('/api/orders'));
    await page.getByRole('button', { name: 'Place order', exact: true }).click();
    const traceparent = (await orderRequest).headers()['traceparent']!;
    expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    await expect(page.getByTestId('order-id')).toBeVisible();
    await expect(page.getByTestId('trace-not-sampled')).toBeVisible();

    // Leaving the page flushes whatever the browser recorded (on pagehide); the beacon outlasts its batch delay.
    await page.goto('about:blank');
    await sendBeacon(request);
    expect(browserExports, 'the browser sent no spans at all, not even the page load').toEqual([]);
    expect(await stack.jaeger.getTrace(traceparent.split('-')[1]!)).toBeNull();
    expect(await stack.jaeger.services()).not.toContain('shop-browser');
  });

  test('an incoming traceparent with the sampled flag off records nothing in either service', async ({ request }) => {
    const { traceId: unsampledTraceId, spanId } = newTraceparent((await visitOf(request, stack.shopUrl)).traceIdPrefix);
    const response = await request.post(`${stack.shopUrl}/api/orders`, {
      headers: { traceparent: `00-${unsampledTraceId}-${spanId}-00` },
      data: { userId: '2', items: [{ sku: 'TL-TEE', quantity: 1 }] },
    });
    expect(response.status()).toBe(201);
    expect(response.headers()['traceresponse']).toMatch(new RegExp(`^00-${unsampledTraceId}-[0-9a-f]{16}-00$`));
    // The beacon, sampled, is whole from both services: the same services followed each decision.
    await sendBeacon(request);
    expect(await stack.jaeger.getTrace(unsampledTraceId)).toBeNull();
  });
});
