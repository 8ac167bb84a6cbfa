import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { SERVICE_NAMES } from '@threadline/stack-layout';
import { toTraceSpans, type TraceSpan } from '@threadline/traces';
import { jaeger } from './support/wait-for-trace';

/** The `browser error` spans in Jaeger whose exception message carries `marker`. */
async function browserErrorSpans(marker: string, startMicros: number): Promise<TraceSpan[]> {
  const traces = await jaeger
    .findTraces({ service: SERVICE_NAMES.browser, operation: 'browser error', startMicros, limit: 50 })
    .catch(() => []);
  return traces
    .flatMap((trace) => toTraceSpans(trace))
    .filter((span) => span.events.some((event) => String(event.attributes['exception.message']).includes(marker)));
}

test('an uncaught error and an unhandled rejection in the page become browser error spans, redacted', async ({ page }) => {
  const marker = randomUUID();
  const startMicros = Date.now() * 1000;
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Place order', exact: true })).toBeEnabled();

  await page.evaluate((id) => {
    setTimeout(() => {
      throw new Error(`checkout broke ${id} for ada@example.com`);
    });
    void Promise.reject(new TypeError(`rejected ${id}`));
  }, marker);

  await expect.poll(async () => (await browserErrorSpans(marker, startMicros)).length, { timeout: 20_000 }).toBe(2);
  const spans = await browserErrorSpans(marker, startMicros);
  const bySource = new Map(spans.map((span) => [span.attributes['threadline.error.source'], span]));

  const uncaught = bySource.get('window.error')!;
  expect(uncaught.status).toBe('ERROR');
  const thrown = uncaught.events.find((event) => event.name === 'exception')!;
  expect(thrown.attributes['exception.type']).toBe('Error');
  // Personal data in an error message is redacted like any attribute: the page's tracer and the relay both apply the policy.
  expect(thrown.attributes['exception.message']).toBe(`checkout broke ${marker} for REDACTED`);
  expect(String(thrown.attributes['exception.stacktrace'])).toContain('Error');

  const rejected = bySource.get('unhandledrejection')!;
  expect(rejected.status).toBe('ERROR');
  expect(rejected.events.find((event) => event.name === 'exception')!.attributes['exception.type']).toBe('TypeError');
});
