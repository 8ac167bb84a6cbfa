import { expect, test, type Page, type Request } from '@playwright/test';
import { SERVICE_NAMES } from '@threadline/stack-layout';
import {
  analyseTrace,
  isDescendantOf,
  parentOf,
  parseTraceContextHeader,
  renderTraceTree,
  type TraceSpan,
} from '@threadline/traces';
import { expectJaegerLinkOrHint, jaegerServesUi } from './support/jaeger-link';
import { SAMPLE_ORDER } from './support/order-requests';
import { pageLoadTraceIdOf } from './support/page-load';
import { newTraceparent, visitOf } from './support/trace-ids';
import { JAEGER_QUERY_URL, JAEGER_UI_URL, SHOP_URL } from './support/stack-urls';
import { E2E_DATABASE, E2E_POSTGRES_PORT } from './support/e2e-database';
import {
  ALL_SERVICES,
  hasServicesAndIsWhole,
  reachedUserApiQuery,
  waitForTrace,
  isWholeClickedOrder,
  jaeger,
} from './support/wait-for-trace';

/** Clicks Place order and returns the order request as the browser sent it. */
async function placeOrderByClick(page: Page): Promise<Request> {
  const orderRequest = page.waitForRequest(
    (request) => request.method() === 'POST' && new URL(request.url()).pathname === '/api/orders',
  );
  await page.getByRole('button', { name: 'Place order', exact: true }).click();
  return orderRequest;
}

async function traceIdSentBy(request: Request): Promise<{ traceId: string; spanId: string }> {
  const traceparent = await request.headerValue('traceparent');
  const parsed = parseTraceContextHeader(traceparent);
  expect(parsed, `the browser sent traceparent "${traceparent}"`).toBeDefined();
  expect(parsed!.sampled).toBe(true);
  return parsed!;
}

function only(spans: TraceSpan[], description: string, predicate: (span: TraceSpan) => boolean): TraceSpan {
  const matches = spans.filter(predicate);
  expect(matches, `exactly one span that is ${description} in:\n${renderTraceTree(spans)}`).toHaveLength(1);
  return matches[0]!;
}

test('one click on Place order is one whole trace from the browser to the user API database', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Customer').selectOption({ label: 'Grace Hopper' });
  await page.getByLabel('Quantity of Distributed hoodie').fill('0');
  await page.getByLabel('Quantity of Threadline mug').fill('2');
  await page.getByLabel('Quantity of Trace ID sticker pack').fill('3');

  const request = await placeOrderByClick(page);
  const sent = await traceIdSentBy(request);

  await expect(page.getByTestId('trace-id')).toHaveText(sent.traceId);
  await expect(page.getByTestId('order-user')).toHaveText('Grace Hopper');
  await expect(page.getByTestId('order-total')).toHaveText('$37.50');
  // The source build CI runs serves only a placeholder page, so there the link must not be offered.
  const servesUi = await jaegerServesUi(JAEGER_QUERY_URL);
  await expectJaegerLinkOrHint(page.getByRole('status'), { servesUi, uiUrl: JAEGER_UI_URL, traceId: sent.traceId });
  await expect(page.getByTestId('recent-orders').locator('li').first()).toContainText(sent.traceId);

  const spans = await waitForTrace(sent.traceId, isWholeClickedOrder);
  const shape = analyseTrace(spans);
  const tree = renderTraceTree(spans);
  expect(shape.services, tree).toEqual(ALL_SERVICES);
  expect(shape.orphans, tree).toEqual([]);
  expect(shape.roots, tree).toHaveLength(1);

  const click = shape.roots[0]!;
  expect(click.service).toBe('shop-browser');
  expect(click.name).toBe('click Place order');

  const browserFetch = only(
    spans,
    'the browser fetch of POST /api/orders',
    (span) => span.service === 'shop-browser' && span.kind === 'client',
  );
  expect(parentOf(browserFetch, spans)).toBe(click);
  // The header the browser sent names this very span as the parent of everything on the server.
  expect(browserFetch.spanId).toBe(sent.spanId);

  const webServer = only(spans, 'the shop-web server span', (span) => span.service === 'shop-web' && span.kind === 'server');
  expect(webServer.name).toBe('POST /api/orders');
  expect(parentOf(webServer, spans)).toBe(browserFetch);

  const webClient = only(
    spans,
    'the call to the user API',
    (span) => span.service === 'shop-web' && span.kind === 'client' && span.name === 'GET /users/:id',
  );
  expect(isDescendantOf(webClient, webServer, spans), tree).toBe(true);

  const userApiServer = only(spans, 'the user-api server span', (span) => span.service === 'user-api' && span.kind === 'server');
  expect(userApiServer.name).toBe('GET /users/:id');
  expect(parentOf(userApiServer, spans)).toBe(webClient);

  const userQuery = only(spans, 'the user query', (span) => span.service === 'user-api' && span.name === 'SELECT users');
  expect(isDescendantOf(userQuery, userApiServer, spans), tree).toBe(true);
  expect(userQuery.attributes['db.operation.name']).toBe('SELECT');
  // The same span on both engines, but for where the database is and how it writes a parameter.
  if (E2E_DATABASE === 'postgres') {
    expect(userQuery.attributes).toMatchObject({
      'db.system.name': 'postgresql',
      'db.namespace': 'user_api',
      'db.query.text': 'SELECT id, name, email FROM users WHERE id = $1',
      'server.address': '127.0.0.1',
      'server.port': E2E_POSTGRES_PORT,
    });
  } else {
    expect(userQuery.attributes['db.system.name']).toBe('sqlite');
    expect(userQuery.attributes['db.query.text']).toBe('SELECT id, name, email FROM users WHERE id = ?');
  }

  const orderInsert = only(spans, 'the order insert', (span) => span.service === 'shop-web' && span.name === 'INSERT orders');
  expect(isDescendantOf(orderInsert, webServer, spans), tree).toBe(true);
  expect(
    spans.filter((span) => span.status === 'ERROR'),
    tree,
  ).toEqual([]);
});

test('an order for an unknown user is refused in plain words and its trace marks the failing spans', async ({ page }) => {
  await page.goto('/');
  // The page offers only real users; rewrite the body in flight to ask for user 999, keeping the
  // browser's own headers (and so its traceparent) as they were.
  await page.route('**/api/orders', async (route) => {
    const body = JSON.parse(route.request().postData() ?? '{}') as Record<string, unknown>;
    await route.continue({ postData: JSON.stringify({ ...body, userId: '999' }) });
  });

  const request = await placeOrderByClick(page);
  const sent = await traceIdSentBy(request);

  const alert = page.getByRole('alert').filter({ hasText: 'The order was not placed' });
  await expect(alert).toContainText('There is no user with ID "999".');
  await expect(page.getByTestId('error-trace-id')).toHaveText(sent.traceId);

  const spans = await waitForTrace(sent.traceId, isWholeClickedOrder);
  const tree = renderTraceTree(spans);
  const failed = (predicate: (span: TraceSpan) => boolean, description: string) => {
    const span = only(spans, description, predicate);
    expect(span.status, `${description} should be marked as an error in:\n${tree}`).toBe('ERROR');
    return span;
  };

  const browserFetch = failed((span) => span.service === 'shop-browser' && span.kind === 'client', 'the browser fetch');
  expect(browserFetch.attributes['http.status_code'] ?? browserFetch.attributes['http.response.status_code']).toBe(422);
  const placeOrder = failed((span) => span.name === 'place order', 'the place order span');
  expect(placeOrder.attributes['error.type']).toBe('user_not_found');
  expect(
    placeOrder.events.some((event) => event.name === 'exception'),
    tree,
  ).toBe(true);
  failed((span) => span.service === 'shop-web' && span.name === 'GET /users/:id', 'the call to the user API');

  // A 404 is the user API doing its job: per the HTTP conventions its server span is not an error.
  const userApiServer = only(spans, 'the user-api server span', (span) => span.service === 'user-api' && span.kind === 'server');
  expect(userApiServer.attributes['http.response.status_code']).toBe(404);
  expect(userApiServer.status).not.toBe('ERROR');
  expect(
    spans.some((span) => span.name === 'INSERT orders'),
    'nothing is written for a refused order',
  ).toBe(false);
});

test('an API client that sends a traceparent of its visit gets its trace continued and a traceresponse back', async ({
  request,
}) => {
  const { traceId, spanId: parentSpanId, header } = newTraceparent((await visitOf(request)).traceIdPrefix);
  const response = await request.post('/api/orders', {
    headers: { traceparent: header },
    data: { userId: '3', items: [{ sku: 'TL-TEE', quantity: 1 }] },
  });
  expect(response.status()).toBe(201);
  const order = (await response.json()) as { traceId: string; userName: string; totalCents: number };
  expect(order).toMatchObject({ traceId, userName: 'Alan Turing', totalCents: 2400 });
  expect(parseTraceContextHeader(response.headers()['traceresponse'])?.traceId).toBe(traceId);

  const spans = await waitForTrace(traceId, reachedUserApiQuery());
  const shape = analyseTrace(spans);
  // The only parent outside the trace is the client's own span, named in its traceparent.
  expect(shape.roots, renderTraceTree(spans)).toEqual([]);
  expect(shape.orphans.map((span) => [span.name, span.parentSpanId])).toEqual([['POST /api/orders', parentSpanId]]);
});

test('a traceparent naming a trace that is not the caller’s own starts a new trace, linked to the one it named', async ({
  request,
}) => {
  // Any trace ID without the caller's visit prefix: for example another visitor's, read off a URL.
  const others = newTraceparent();
  const response = await request.post('/api/orders', { headers: { traceparent: others.header }, data: SAMPLE_ORDER });
  expect(response.status()).toBe(201);
  const own = parseTraceContextHeader(response.headers()['traceresponse'])!;
  expect(own.traceId).not.toBe(others.traceId);
  expect(((await response.json()) as { traceId: string }).traceId).toBe(own.traceId);

  const spans = await waitForTrace(own.traceId, reachedUserApiQuery());
  const shape = analyseTrace(spans);
  const tree = renderTraceTree(spans);
  expect(shape.orphans, tree).toEqual([]);
  expect(
    shape.roots.map((span) => [span.service, span.name]),
    tree,
  ).toEqual([[SERVICE_NAMES.web, 'POST /api/orders']]);
  expect(shape.roots[0]!.links, tree).toEqual([{ traceId: others.traceId, spanId: others.spanId }]);
  // Nothing was added to the trace the caller named.
  expect(await jaeger.getTrace(others.traceId)).toBeNull();
});

test('a page load is one trace in causal order: the browser’s page load is its root, the server’s render inside it', async ({
  page,
}) => {
  await page.goto('/');
  const first = await pageLoadTraceIdOf(page);

  const spans = await waitForTrace(first, (current) => {
    const shape = analyseTrace(current);
    return shape.roots.length === 1 && shape.orphans.length === 0 && current.some((span) => span.name === 'documentFetch');
  });
  const tree = renderTraceTree(spans);
  const root = analyseTrace(spans).roots[0]!;
  expect([root.service, root.kind, root.name], tree).toEqual([SERVICE_NAMES.browser, 'internal', 'page load /']);
  const pageRequest = only(spans, 'the page request span', (span) => span.service === SERVICE_NAMES.web && span.name === 'GET /');
  expect(pageRequest.parentSpanId, 'the server renders inside the browser’s page load').toBe(root.spanId);
  expect(pageRequest.kind).toBe('server');
  // Everything the browser recorded for this load (document fetch, resources) hangs under the page load.
  const browserSpans = spans.filter((span) => span.service === SERVICE_NAMES.browser && span !== root);
  expect(
    browserSpans.map((span) => span.name),
    tree,
  ).toContain('documentFetch');
  for (const span of browserSpans) expect(isDescendantOf(span, root, spans), `${span.name} in:\n${tree}`).toBe(true);

  // A second navigation is a trace of its own.
  await page.reload();
  expect(await pageLoadTraceIdOf(page)).not.toBe(first);
});

test('leaving the page right after an order still delivers the browser spans', async ({ page }) => {
  await page.goto('/');
  const request = await placeOrderByClick(page);
  const sent = await traceIdSentBy(request);
  await expect(page.getByTestId('trace-id')).toHaveText(sent.traceId);
  // Leave before the 500 ms batch timer fires: only the page-hide flush can send the click and fetch spans.
  await page.goto('about:blank');

  const spans = await waitForTrace(sent.traceId, hasServicesAndIsWhole(ALL_SERVICES));
  expect(
    spans
      .filter((span) => span.service === 'shop-browser')
      .map((span) => span.name)
      .sort(),
    renderTraceTree(spans),
  ).toContain('click Place order');
});

test('the shop opened at localhost, as the README says, traces the click whole', async ({ page }) => {
  await page.goto(SHOP_URL.replace('127.0.0.1', 'localhost'));
  const request = await placeOrderByClick(page);
  const sent = await traceIdSentBy(request);
  await expect(page.getByTestId('trace-id')).toHaveText(sent.traceId);
  const spans = await waitForTrace(sent.traceId, hasServicesAndIsWhole(ALL_SERVICES));
  expect(analyseTrace(spans).roots.map((span) => span.name)).toEqual(['click Place order']);
});
