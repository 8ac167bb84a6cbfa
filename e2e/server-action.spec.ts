import { expect, test } from '@playwright/test';
import { SERVICE_NAMES } from '@threadline/stack-layout';
import { analyseTrace, isDescendantOf, parentOf, renderTraceTree, type TraceSpan } from '@threadline/traces';
import { ALL_SERVICES, hasServicesAndIsWhole, waitForTrace } from './support/wait-for-trace';

function only(spans: TraceSpan[], description: string, predicate: (span: TraceSpan) => boolean): TraceSpan {
  const matches = spans.filter(predicate);
  expect(matches, `exactly one span that is ${description} in:\n${renderTraceTree(spans)}`).toHaveLength(1);
  return matches[0]!;
}

test('"Order again" through a Server Action is one whole trace from the click to both databases', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Place order', exact: true }).click();
  const firstTraceId = (await page.getByTestId('trace-id').textContent())!.trim();
  const firstOrderId = (await page.getByTestId('order-id').textContent())!.trim();

  const actionRequest = page.waitForRequest(
    (request) => request.method() === 'POST' && request.headers()['next-action'] !== undefined,
  );
  await page
    .getByTestId('recent-orders')
    .locator(`li[data-order-id="${firstOrderId}"]`)
    .getByRole('button', { name: 'Order again' })
    .click();
  // The action's request carries the click's trace context, though React sent it from its own queue.
  const traceparent = (await actionRequest).headers()['traceparent'];
  expect(traceparent, 'the Server Action request carries traceparent').toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  const traceId = traceparent!.split('-')[1]!;
  await expect(page.getByTestId('trace-id')).toHaveText(traceId);
  expect(traceId).not.toBe(firstTraceId);
  await expect(page.getByTestId('order-id')).not.toHaveText(firstOrderId);

  const spans = await waitForTrace(
    traceId,
    (current) => hasServicesAndIsWhole(ALL_SERVICES)(current) && current.some((span) => span.name === 'INSERT orders'),
  );
  const tree = renderTraceTree(spans);
  const shape = analyseTrace(spans);
  // One trace: had the action started a trace of its own, the click would be alone here.
  expect(
    shape.roots.map((span) => span.name),
    tree,
  ).toEqual(['click Order again']);
  expect(shape.orphans, tree).toEqual([]);
  const click = shape.roots[0]!;
  const browserFetch = only(
    spans,
    'the browser fetch of the action',
    (span) => span.service === SERVICE_NAMES.browser && span.kind === 'client',
  );
  expect(parentOf(browserFetch, spans)).toBe(click);
  const webServer = only(
    spans,
    'the shop-web server span',
    (span) => span.service === SERVICE_NAMES.web && span.kind === 'server',
  );
  expect(parentOf(webServer, spans)).toBe(browserFetch);
  const placeOrder = only(spans, 'the place order span', (span) => span.name === 'place order');
  expect(isDescendantOf(placeOrder, webServer, spans), tree).toBe(true);
  const userQuery = only(
    spans,
    'the user query',
    (span) => span.service === SERVICE_NAMES.userApi && span.name === 'SELECT users',
  );
  expect(isDescendantOf(userQuery, placeOrder, spans), tree).toBe(true);
  expect(
    isDescendantOf(
      only(spans, 'the order insert', (span) => span.name === 'INSERT orders'),
      placeOrder,
      spans,
    ),
    tree,
  ).toBe(true);
});
