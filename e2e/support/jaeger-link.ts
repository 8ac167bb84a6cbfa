import { expect, type Locator } from '@playwright/test';
import { isJaegerUiPage } from '@threadline/traces';

/** Asks the Jaeger at `queryUrl` itself whether it serves its UI, as the shop does. */
export async function jaegerServesUi(queryUrl: string): Promise<boolean> {
  const response = await fetch(`${queryUrl}/`);
  return response.ok && isJaegerUiPage(await response.text());
}

/**
 * Where Jaeger serves its UI, `scope` links to the trace there; where it serves only the source
 * build's placeholder, it offers no such link and says where Jaeger's UI comes from instead.
 */
export async function expectJaegerLinkOrHint(
  scope: Locator,
  { servesUi, uiUrl, traceId }: { servesUi: boolean; uiUrl: string; traceId: string },
) {
  const link = scope.getByRole('link', { name: 'View trace in Jaeger' });
  if (servesUi) {
    await expect(link).toHaveAttribute('href', `${uiUrl}/trace/${traceId}`);
  } else {
    await expect(scope.getByTestId('jaeger-ui-hint')).toContainText('Docker image');
    await expect(link).toHaveCount(0);
  }
}
