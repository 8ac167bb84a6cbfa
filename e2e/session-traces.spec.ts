import { expect, test, type BrowserContext, type Page } from '@playwright/test';

async function placeOrder(page: Page): Promise<string> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Place order', exact: true }).click();
  return (await page.getByTestId('trace-id').textContent())!.trim();
}

async function sessionOf(context: BrowserContext): Promise<string> {
  return (await context.cookies()).find((cookie) => cookie.name === 'threadline_session')!.value;
}

/** "<trace ID> <started by>" for each row of the session page, read afresh. */
async function listedTraces(page: Page): Promise<string[]> {
  await page.reload();
  return page
    .locator('[data-testid="session-traces"] tbody tr')
    .evaluateAll((rows) => rows.map((row) => `${row.getAttribute('data-trace-id')} ${row.querySelector('td')?.textContent}`));
}

test('a visit’s traces are listed for that visit only, page loads and clicks, and no URL shows another’s', async ({
  browser,
}) => {
  const alice = await browser.newContext();
  const bob = await browser.newContext();
  try {
    const alicePage = await alice.newPage();
    const aliceOrder = await placeOrder(alicePage);
    const bobOrder = await placeOrder(await bob.newPage());
    const [aliceSession, bobSession] = [await sessionOf(alice), await sessionOf(bob)];
    expect(aliceSession).not.toBe(bobSession);

    await alicePage.getByRole('link', { name: 'This visit’s traces' }).click();
    await expect(alicePage).toHaveURL(new RegExp(`/sessions/${aliceSession}$`));
    await expect
      .poll(() => listedTraces(alicePage), { timeout: 30_000 })
      .toEqual(expect.arrayContaining([`${aliceOrder} click Place order`, expect.stringMatching(/ page load$/)]));
    expect((await listedTraces(alicePage)).join('\n')).not.toContain(bobOrder);

    // Another visit's session, or one made up, is not found: the URL alone never shows a visit.
    for (const other of [bobSession, '0'.repeat(32), 'not-a-session']) {
      expect((await alicePage.goto(`/sessions/${other}`))?.status(), other).toBe(404);
    }
  } finally {
    await alice.close();
    await bob.close();
  }
});
