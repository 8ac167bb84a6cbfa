import type { Browser } from '@playwright/test';
import { analyseTrace, toTraceSpans } from '@threadline/traces';
import type { IsolatedStack } from '../../scripts/lib/isolated-stack';
import type { BenchSizes, TableRow } from './harness';
import { median, percentile } from './stats';
import { SERVICE_NAMES } from '@threadline/stack-layout';

/**
 * From the click on "Place order" until Jaeger holds the whole trace, not just its first spans:
 * browser, shop and user API under one root, nothing orphaned, down to the database query.
 */
export async function measureClickToTrace(
  browser: Browser,
  stack: IsolatedStack,
  sizes: Pick<BenchSizes, 'clicks'>,
): Promise<TableRow> {
  console.log(`Click to complete trace: ${sizes.clicks} orders placed in Chromium`);
  const page = await browser.newPage();
  await page.goto(stack.shopUrl);
  const samples: number[] = [];
  for (let click = 0; click < sizes.clicks; click += 1) {
    const orderRequest = page.waitForRequest((request) => request.method() === 'POST' && request.url().endsWith('/api/orders'));
    const clickedAt = Date.now();
    await page.getByRole('button', { name: 'Place order', exact: true }).click();
    const traceId = (await orderRequest).headers()['traceparent']!.split('-')[1]!;
    for (;;) {
      const trace = await stack.jaeger.getTrace(traceId).catch(() => null);
      const spans = trace ? toTraceSpans(trace) : [];
      const shape = analyseTrace(spans);
      if (
        Object.values(SERVICE_NAMES).every((service) => shape.services.includes(service)) &&
        shape.roots.length === 1 &&
        shape.orphans.length === 0 &&
        spans.some((span) => span.name === 'SELECT users')
      )
        break;
      if (Date.now() - clickedAt > 20_000) throw new Error(`trace ${traceId} did not complete within 20 s`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    samples.push(Date.now() - clickedAt);
    await page.getByTestId('order-id').waitFor();
  }
  await page.close();
  const p95 = percentile(samples, 0.95);
  return {
    measure: 'Click to complete trace in Jaeger (ms)',
    on: `p50 ${median(samples)}, p95 ${p95}`,
    off: '—',
    result: `p95 ${p95} ms`,
    target: '≤ 1000 ms',
    met: p95 <= 1000,
  };
}
