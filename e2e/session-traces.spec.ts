import { expect, test, type Page } from '@playwright/test';

async function placeOrder(page: Page): Promise<string> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Place order', exact: true }).click();
  return (await page.getByTestId('trace-id').textContent())!.trim();
}

/** The visit's `session.id`, as the page links to its traces (never the cookie, which stays HttpOnly). */
async function sessionOf(page: Page): Promise<string> {
  const href = await page.getByRole('link', { name: 'This visit’s traces' }).getAttribute('href');
  return href!.replace('/sessions/', '');
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
    const bobPage = await bob.newPage();
    const aliceOrder = await placeOrder(alicePage);
    const bobOrder = await placeOrder(bobPage);
    // The order rotated each visit's cookie: the link the page showed before it leads to the visit it is now.
    const aliceSessionBeforeOrder = await sessionOf(alicePage);
    await Promise.all([alicePage.reload(), bobPage.reload()]);
    const [aliceSession, bobSession] = [await sessionOf(alicePage), await sessionOf(bobPage)];
    expect(aliceSessionBeforeOrder).not.toBe(aliceSession);
    await alicePage.goto(`/sessions/${aliceSessionBeforeOrder}`);
    await expect(alicePage).toHaveURL(new RegExp(`/sessions/${aliceSession}$`));
    await alicePage.goto('/');
    expect(aliceSession).not.toBe(bobSession);
    const aliceCookie = (await alice.cookies()).find((cookie) => cookie.name === '__Host-threadline_visit')!;
    expect(aliceCookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
    expect(aliceCookie.value).not.toContain(aliceSession);

    await alicePage.getByRole('link', { name: 'This visit’s traces' }).click();
    await expect(alicePage).toHaveURL(new RegExp(`/sessions/${aliceSession}$`));
    await expect
      .poll(() => listedTraces(alicePage), { timeout: 30_000 })
      .toEqual(expect.arrayContaining([`${aliceOrder} click Place order`, expect.stringMatching(/ page load \/$/)]));
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
