import { expect, type Page } from '@playwright/test';

/** Opens the shop, clicks Place order and returns the trace ID the confirmation shows. */
export async function placeOrderByClick(page: Page, shopUrl: string): Promise<string> {
  await page.goto(shopUrl);
  await page.getByRole('button', { name: 'Place order', exact: true }).click();
  const traceId = page.getByTestId('trace-id');
  await expect(traceId).toHaveText(/^[0-9a-f]{32}$/, { timeout: 30_000 });
  return (await traceId.textContent())!.trim();
}

/**
 * Follows the confirmation's "View trace in Jaeger" link and checks that it lands on Jaeger's UI for
 * that trace. The stand-in image's UI page reads the trace from the same Jaeger's API and says what
 * it holds; the real UI renders itself into #jaeger-ui-root.
 */
export async function followJaegerLink(
  page: Page,
  { traceId, uiUrl, standIn }: { traceId: string; uiUrl: string; standIn: boolean },
): Promise<void> {
  const link = page.getByRole('status').getByRole('link', { name: 'View trace in Jaeger' });
  await expect(link).toHaveAttribute('href', `${uiUrl}/trace/${traceId}`);
  const jaegerPage = await page.context().newPage();
  await jaegerPage.goto((await link.getAttribute('href'))!);
  if (standIn) {
    await expect(jaegerPage.locator('#trace-summary')).toContainText(`Trace ${traceId}:`);
    await expect(jaegerPage.locator('#trace-summary')).toContainText('services shop-browser, shop-web, user-api');
  } else {
    await expect(jaegerPage.locator('#jaeger-ui-root > *').first()).toBeVisible();
  }
  await jaegerPage.close();
}
