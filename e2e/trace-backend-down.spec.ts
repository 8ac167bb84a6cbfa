import { expect, test } from '@playwright/test';
import { analyseTrace, renderTraceTree } from '@threadline/traces';
import { IsolatedStack } from '../scripts/lib/isolated-stack';
import { postOrder, warmUp } from './support/order-requests';
import { reachedUserApiQuery, waitForTrace, ALL_SERVICES } from './support/wait-for-trace';

/** Orders never wait for tracing: the person's answer comes from the shop, not from the collector. */
const NO_VISIBLE_SLOWDOWN_MS = 1000;

test.describe('trace backend down', () => {
  test.describe.configure({ mode: 'serial' });
  const stack = new IsolatedStack('jaeger-down', 100);

  test.beforeAll(async ({ request }) => {
    // Jaeger is deliberately not started: the services must come up without it.
    await stack.start('user-api');
    await stack.start('web');
    await warmUp(request, stack.shopUrl);
  });
  test.afterAll(async () => stack.stopAll());

  test('orders succeed before Jaeger ever started, and their spans arrive once it does', async ({ request }) => {
    const sent = await postOrder(request, stack.shopUrl);
    expect(sent.response.status()).toBe(201);
    expect(sent.elapsedMs).toBeLessThan(NO_VISIBLE_SLOWDOWN_MS);

    // Within the exporters' retry window (about 10 s), the queued spans are delivered.
    await stack.start('jaeger');
    const spans = await waitForTrace(sent.traceId, reachedUserApiQuery(), { client: stack.jaeger, timeoutMs: 30_000 });
    expect(
      analyseTrace(spans).orphans.map((span) => span.parentSpanId),
      renderTraceTree(spans),
    ).toEqual([sent.parentSpanId]);
  });

  test('Jaeger stopping mid-run loses nothing that is sent while it is back within the retry window', async ({ request }) => {
    await stack.stop('jaeger');
    const sent = await postOrder(request, stack.shopUrl);
    expect(sent.response.status()).toBe(201);
    expect(sent.elapsedMs).toBeLessThan(NO_VISIBLE_SLOWDOWN_MS);
    await stack.start('jaeger');
    await waitForTrace(sent.traceId, reachedUserApiQuery(), { client: stack.jaeger, timeoutMs: 30_000 });
  });

  test('the person never sees the browser’s export failures, and the browser’s spans arrive later', async ({ page }) => {
    await stack.stop('jaeger');
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(stack.shopUrl);
    const orderRequest = page.waitForRequest((request) => request.method() === 'POST' && request.url().endsWith('/api/orders'));
    await page.getByRole('button', { name: 'Place order', exact: true }).click();
    const traceId = (await orderRequest).headers()['traceparent']!.split('-')[1]!;
    // The relay answers 503 with Retry-After while the collector is down; the exporter keeps the batch.
    const refusedBatch = page.waitForResponse(
      (response) =>
        response.url().endsWith('/otlp/v1/traces') &&
        response.status() === 503 &&
        (response.request().postData() ?? '').includes(traceId),
      { timeout: 15_000 },
    );
    await expect(page.getByTestId('trace-id')).toHaveText(traceId);
    await expect(page.getByRole('alert').filter({ hasText: 'not placed' })).toHaveCount(0);

    // Jaeger comes back only once the click's own batch has been refused, so the spans below can only
    // have arrived through the browser's retry.
    // Retry-After 3 s within the exporter's 20 s timeout is what makes the documented 15 s window.
    expect((await refusedBatch).headers()['retry-after']).toBe('3');
    await stack.start('jaeger');
    const spans = await waitForTrace(
      traceId,
      (current) => reachedUserApiQuery(ALL_SERVICES)(current) && analyseTrace(current).orphans.length === 0,
      { client: stack.jaeger, timeoutMs: 30_000 },
    );
    expect(analyseTrace(spans).roots.map((span) => span.name)).toEqual(['click Place order']);
    expect(pageErrors).toEqual([]);
  });

  test('no service logged an unhandled error through all of this', () => {
    for (const service of ['web', 'user-api'] as const) {
      const unhandled = stack.log(service).filter((line) => /unhandled|uncaught|TypeError|ReferenceError/i.test(line));
      expect(unhandled, `${service} log`).toEqual([]);
    }
  });
});

test.describe('past the queue limit', () => {
  const stack = new IsolatedStack('queue-full', 150, {
    web: { OTEL_BSP_MAX_QUEUE_SIZE: '10', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '10' },
  });
  test.beforeAll(async () => {
    await stack.start('user-api');
    await stack.start('web');
  });
  test.afterAll(async () => stack.stopAll());

  test('spans dropped while the collector is away are counted in log lines, not lost silently', async ({ request }) => {
    const logged = (pattern: RegExp) => () => stack.log('web').some((line) => pattern.test(line));
    for (let order = 0; order < 3; order += 1) {
      expect((await postOrder(request, stack.shopUrl)).response.status()).toBe(201);
    }
    // When the exporter's retries give up (about 10 s), the lost batch is reported with a running total.
    await expect
      .poll(logged(/\[tracing\] shop-web: \d+ spans could not be exported and are dropped \(\d+ dropped since start\)/), {
        timeout: 30_000,
      })
      .toBe(true);
    // Spans that could not even be queued are reported (by the SDK, when the next span is queued) and
    // counted with the rest.
    expect((await postOrder(request, stack.shopUrl)).response.status()).toBe(201);
    await expect
      .poll(
        logged(
          /\[tracing\] shop-web: \d+ spans could not be exported and are dropped \(\d+ dropped since start\): the export queue was full/,
        ),
        {
          timeout: 10_000,
        },
      )
      .toBe(true);
  });
});
