import { expect, test } from '@playwright/test';
import { SERVICE_NAMES } from '@threadline/otel-common';
import { parentOf, renderTraceTree } from '@threadline/traces';
import { pageLoadTraceIdOf } from './support/page-load';
import { waitForTrace } from './support/wait-for-trace';

test('a click’s responsiveness (INP) is in its trace, under the click span', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Place order', exact: true }).click();
  const traceId = (await page.getByTestId('trace-id').textContent())!.trim();

  const spans = await waitForTrace(traceId, (current) => current.some((span) => span.name === 'web-vital INP'));
  const tree = renderTraceTree(spans);
  const inp = spans.find((span) => span.name === 'web-vital INP')!;
  expect(inp.service).toBe(SERVICE_NAMES.browser);
  expect(parentOf(inp, spans)?.name, tree).toBe('click Place order');
  expect(inp.attributes['web_vitals.name']).toBe('INP');
  expect(Number(inp.attributes['web_vitals.value'])).toBeGreaterThan(0);
  expect(['good', 'needs-improvement', 'poor']).toContain(inp.attributes['web_vitals.rating']);
});

test('the page load’s LCP, CLS and TTFB are in its trace, under the page load', async ({ page }) => {
  await page.goto('/');
  const traceId = await pageLoadTraceIdOf(page);
  await expect(page.getByRole('button', { name: 'Place order', exact: true })).toBeEnabled();
  // LCP is final once the person interacts, CLS once the page is hidden: leaving reports both.
  await page.getByLabel('Customer').click();
  await page.goto('about:blank');

  const spans = await waitForTrace(traceId, (current) =>
    ['LCP', 'CLS', 'TTFB'].every((vital) => current.some((span) => span.name === `web-vital ${vital}`)),
  );
  const tree = renderTraceTree(spans);
  for (const vital of ['LCP', 'CLS', 'TTFB']) {
    const span = spans.find((candidate) => candidate.name === `web-vital ${vital}`)!;
    expect(parentOf(span, spans)?.name, tree).toBe('page load /');
    expect(span.attributes['web_vitals.name']).toBe(vital);
    expect(Number(span.attributes['web_vitals.value'])).toBeGreaterThanOrEqual(0);
  }
});
