import { expect, test } from '@playwright/test';
import { SERVICE_NAMES } from '@threadline/stack-layout';
import { parentOf, renderTraceTree, type TraceSpan } from '@threadline/traces';
import { pageLoadTraceIdOf } from './support/page-load';
import { waitForTrace } from './support/wait-for-trace';

test('a click’s responsiveness (INP) is in its trace, under the click span', async ({ page }) => {
  await page.goto('/');
  // INP can only be measured for a click made once its observer runs: the browser buffers event
  // timings for later observers only above 104 ms. The tracing chunk loads after the page is
  // interactive; its first export (the page load's spans) says it has.
  await page.waitForFunction(() =>
    performance.getEntriesByType('resource').some((entry) => entry.name.includes('/otlp/v1/traces')),
  );
  await page.getByRole('button', { name: 'Place order', exact: true }).click();
  const traceId = (await page.getByTestId('trace-id').textContent())!.trim();

  const spans = await waitForTrace(traceId, (current) => current.some((span) => span.name === 'web-vital INP'));
  const tree = renderTraceTree(spans);
  const inp = spans.find((span) => span.name === 'web-vital INP')!;
  expect(inp.service).toBe(SERVICE_NAMES.browser);
  expect(parentOf(inp, spans)?.name, tree).toBe('click Place order');
  // As the browser conventions have it: a browser.web_vital event, with the vital's name in lower case.
  const vital = webVitalEvent(inp);
  expect(vital['browser.web_vital.name']).toBe('inp');
  expect(Number(vital['browser.web_vital.value'])).toBeGreaterThan(0);
  expect(['good', 'needs-improvement', 'poor']).toContain(vital['browser.web_vital.rating']);
  expect(inp.durationMicros, 'never a span of no length').toBeGreaterThan(0);
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
    const event = webVitalEvent(span);
    expect(event['browser.web_vital.name']).toBe(vital.toLowerCase());
    expect(Number(event['browser.web_vital.value'])).toBeGreaterThanOrEqual(0);
    expect(span.durationMicros, vital).toBeGreaterThan(0);
  }
});

function webVitalEvent(span: TraceSpan): Record<string, unknown> {
  const event = span.events.find((candidate) => candidate.name === 'browser.web_vital');
  expect(event, `${span.name} carries a browser.web_vital event`).toBeDefined();
  return event!.attributes;
}
