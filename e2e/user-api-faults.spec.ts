import { expect, test } from '@playwright/test';
import { renderTraceTree, type TraceSpan } from '@threadline/traces';
import { IsolatedStack } from '../scripts/lib/isolated-stack';
import { postOrder, warmUp } from './support/order-requests';
import { countOrders } from './support/shop-database';
import { waitForTrace } from './support/wait-for-trace';

const TIMEOUT_MS = 1000;
/** The shop's default user API timeout: a 504 well before it shows the configured one was used. */
const DEFAULT_TIMEOUT_MS = 3000;

/** The shop's call to the user API, once it is in Jaeger with its outcome. */
async function userApiCallSpan(stack: IsolatedStack, traceId: string): Promise<TraceSpan> {
  const spans = await waitForTrace(traceId, (current) => current.some((span) => span.name === 'place order'), {
    client: stack.jaeger,
  });
  const call = spans.find((span) => span.service === 'shop-web' && span.kind === 'client' && span.name === 'GET /users/:id');
  expect(call, renderTraceTree(spans)).toBeDefined();
  return call!;
}

test.describe('user API down or slow', () => {
  test.describe.configure({ mode: 'serial' });
  const stack = new IsolatedStack('user-api-faults', 200, { web: { USER_API_TIMEOUT_MS: String(TIMEOUT_MS) } });

  test.beforeAll(async ({ request }) => {
    await stack.startAll();
    await warmUp(request, stack.shopUrl);
  });
  test.afterAll(async () => stack.stopAll());

  test('a refused connection answers 503 with Retry-After within a second, stores nothing, and the trace shows the failed call', async ({
    request,
  }) => {
    await stack.stop('user-api');
    const before = await countOrders(stack.settings);
    const sent = await postOrder(request, stack.shopUrl);
    expect(sent.response.status()).toBe(503);
    expect(sent.response.headers()['retry-after']).toBe('2');
    expect(await sent.response.json()).toMatchObject({ error: { code: 'user_api_unavailable' } });
    expect(sent.elapsedMs).toBeLessThan(1000);
    expect(await countOrders(stack.settings)).toBe(before);

    const call = await userApiCallSpan(stack, sent.traceId);
    expect(call.status).toBe('ERROR');
    expect(call.attributes['error.type']).toBe('unavailable');
    expect(call.events.some((event) => event.name === 'exception')).toBe(true);
  });

  test('a user API that accepts but never answers gives 504 after the configured timeout', async ({ request }) => {
    await stack.start('user-api');
    stack.pause('user-api');
    try {
      const before = await countOrders(stack.settings);
      const sent = await postOrder(request, stack.shopUrl);
      expect(sent.response.status()).toBe(504);
      expect(await sent.response.json()).toMatchObject({ error: { code: 'user_api_timeout' } });
      expect(sent.elapsedMs).toBeGreaterThanOrEqual(TIMEOUT_MS);
      expect(sent.elapsedMs).toBeLessThan(DEFAULT_TIMEOUT_MS);
      expect(await countOrders(stack.settings)).toBe(before);
      const call = await userApiCallSpan(stack, sent.traceId);
      expect(call.status).toBe('ERROR');
      expect(call.attributes['error.type']).toBe('timeout');
    } finally {
      stack.resume('user-api');
    }
  });

  test('orders succeed again once the user API is back, without restarting the shop', async ({ request }) => {
    const sent = await postOrder(request, stack.shopUrl);
    expect(sent.response.status()).toBe(201);
  });

  test('the person is told in plain words when the user API is down', async ({ page }) => {
    await page.goto(stack.shopUrl);
    await stack.stop('user-api');
    await page.getByRole('button', { name: 'Place order', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'The order was not placed' });
    await expect(alert).toContainText('The user service is not reachable right now. Please try again shortly.');

    // A fresh page says so up front, instead of failing whole.
    await page.reload();
    await expect(page.getByRole('alert').filter({ hasText: 'Orders cannot be placed until it is back' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Place order', exact: true })).toBeDisabled();
    await stack.start('user-api');
  });
});
