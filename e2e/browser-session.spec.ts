import { expect, test } from '@playwright/test';

/** The recent-orders list (page and API) shows a browser its own orders, never another visitor's. */
test('each visit sees its own orders only, on the page and from GET /api/orders', async ({ browser, request }) => {
  const alice = await browser.newContext();
  const bob = await browser.newContext();
  try {
    const alicePage = await alice.newPage();
    await alicePage.goto('/');
    await alicePage.getByRole('button', { name: 'Place order', exact: true }).click();
    const traceId = (await alicePage.getByTestId('trace-id').textContent())!.trim();

    await alicePage.reload();
    await expect(alicePage.getByTestId('recent-orders')).toContainText(traceId);
    const aliceList = (await (await alicePage.request.get('/api/orders')).json()) as { orders: { traceId: string }[] };
    expect(aliceList.orders.map((order) => order.traceId)).toContain(traceId);

    const bobPage = await bob.newPage();
    await bobPage.goto('/');
    await expect(bobPage.getByText('No orders yet.')).toBeVisible();
    expect(await bobPage.content()).not.toContain(traceId);

    // No cookie, or one a client made up (the old name, a well-formed value without the shop's MAC,
    // an injection), names no visit: nothing to list.
    const strangers: Record<string, string>[] = [
      {},
      { cookie: `threadline_session=${'f'.repeat(32)}` },
      { cookie: `__Host-threadline_visit=${'f'.repeat(32)}..${'0'.repeat(32)}` },
      { cookie: "__Host-threadline_visit=' OR 1=1 --" },
    ];
    for (const headers of strangers) {
      const response = await request.get('/api/orders', { headers });
      expect(response.status()).toBe(200);
      expect(await response.json()).toEqual({ orders: [] });
    }
  } finally {
    await alice.close();
    await bob.close();
  }
});
