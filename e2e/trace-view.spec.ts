import path from 'node:path';
import { expect, test } from '@playwright/test';
import { expectJaegerLinkOrHint, jaegerServesUi } from './support/jaeger-link';
import { postOrder } from './support/order-requests';
import { JAEGER_QUERY_URL, JAEGER_UI_URL } from './support/stack-urls';

test('the confirmation shows the order’s trace as a waterfall of all three services, whole', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Customer').selectOption({ label: 'Katherine Johnson' });
  await page.getByLabel('Quantity of Span tree T-shirt').fill('2');
  await page.getByRole('button', { name: 'Place order', exact: true }).click();
  const traceId = (await page.getByTestId('trace-id').textContent())!.trim();

  const view = page.getByRole('region', { name: `Trace ${traceId}` });
  await expect(view.getByTestId('trace-status')).toHaveAttribute('data-phase', 'complete', { timeout: 30_000 });
  await expect(view.getByTestId('trace-health')).toContainText('1 root, 0 missing parents, 3 services');

  const waterfall = view.getByTestId('waterfall');
  for (const service of ['shop-browser', 'shop-web', 'user-api']) {
    await expect(waterfall.locator(`tr[data-service="${service}"]`).first()).toBeVisible();
  }
  await expect(waterfall.getByRole('button', { name: /^shop-browser: click Place order, level 1$/ })).toBeVisible();

  // Keyboard only: focus the user API's query and open its attributes.
  const query = waterfall.getByRole('button', { name: /^user-api: SELECT users, level \d+$/ });
  await query.focus();
  await page.keyboard.press('Enter');
  await expect(query).toHaveAttribute('aria-pressed', 'true');
  const details = view.getByRole('region', { name: 'Selected span' });
  await expect(details).toContainText('db.query.text');
  await expect(details).toContainText('SELECT id, name, email FROM users WHERE id = ?');

  await view.screenshot({ path: path.join(__dirname, '..', 'docs', 'images', 'order-trace-view.png') });
});

test('a visit’s trace opens at /traces/<id>, and an unknown one says so', async ({ page, request }) => {
  // Through the page's own context, so the order is this browser session's and listed on its page.
  const response = await page.request.post('/api/orders', { data: { userId: '2', items: [{ sku: 'TL-MUG', quantity: 1 }] } });
  const { traceId } = (await response.json()) as { traceId: string };

  await page.goto(`/traces/${traceId}`);
  const view = page.getByRole('region', { name: `Trace ${traceId}` });
  await expect(view.getByTestId('trace-status')).toHaveAttribute('data-phase', 'complete', { timeout: 30_000 });
  // No browser took part: the web tier's server span is the root.
  await expect(view.getByTestId('trace-health')).toContainText('2 services');
  await expectJaegerLinkOrHint(page.locator('main'), {
    servesUi: await jaegerServesUi(JAEGER_QUERY_URL),
    uiUrl: JAEGER_UI_URL,
    traceId,
  });

  const recent = page.getByRole('link', { name: 'Back to the shop' });
  await recent.click();
  await page.getByTestId('recent-orders').getByRole('link', { name: 'Open trace' }).first().click();
  await expect(page).toHaveURL(/\/traces\/[0-9a-f]{32}$/);

  // A trace Jaeger does not hold (yet) is an answer with no spans, not an error the page's console would show.
  const unknown = 'f'.repeat(32);
  const lookup = await request.get(`/api/traces/${unknown}`);
  expect(lookup.status()).toBe(200);
  expect(await lookup.json()).toEqual({ traceId: unknown, spans: [] });
  expect((await request.get('/api/traces/not-a-trace-id')).status()).toBe(400);
});

test('a trace started by an API client that exports elsewhere settles, and says its one missing parent is the caller', async ({
  page,
  request,
}) => {
  const sent = await postOrder(request, '');
  expect(sent.response.status()).toBe(201);

  // The API client's own visit opens its trace: the page shares its cookies.
  await page.context().addCookies((await request.storageState()).cookies);
  await page.goto(`/traces/${sent.traceId}`);
  const view = page.getByRole('region', { name: `Trace ${sent.traceId}` });
  await expect(view.getByTestId('trace-status')).toHaveAttribute('data-phase', 'complete', { timeout: 30_000 });
  await expect(view.getByTestId('trace-status')).toContainText('does not export its spans here');
  await expect(view.getByTestId('trace-health')).toContainText('0 roots, 1 missing parent, 2 services');
});
