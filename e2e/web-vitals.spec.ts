import { expect, test } from '@playwright/test';
import { SERVICE_NAMES } from '@threadline/otel-common';
import { parentOf, renderTraceTree } from '@threadline/traces';
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
