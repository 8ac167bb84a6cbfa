import { expect, type Page } from '@playwright/test';

/** The trace of the page's own load, as the page links to it (app/layout.tsx); only a sampled load has one. */
export async function pageLoadTraceIdOf(page: Page): Promise<string> {
  const link = page.getByTestId('page-load-trace');
  await expect(link).toHaveAttribute('data-trace-id', /^[0-9a-f]{32}$/);
  return (await link.getAttribute('data-trace-id'))!;
}
