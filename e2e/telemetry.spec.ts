import { expect, test } from '@playwright/test';
import packageJson from '../package.json';
import { type JaegerTrace, renderTraceTree, toTraceSpans } from '@threadline/traces';
import { IsolatedStack } from '../scripts/lib/isolated-stack';
import { visitOf } from './support/trace-ids';
import { postOrder } from './support/order-requests';
import { isWebServerSpan, reachedUserApiQuery, waitForTrace, ALL_SERVICES } from './support/wait-for-trace';

/** Everything an order's trace carries besides its IDs, read back from the real services and Jaeger. */
test.describe('what the trace carries', () => {
  test.describe.configure({ mode: 'serial' });
  const consoleTraces = { THREADLINE_CONSOLE_TRACES: 'true', OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=e2e' };
  const stack = new IsolatedStack('telemetry', 400, { web: consoleTraces, 'user-api': consoleTraces });

  test.beforeAll(async () => stack.startAll());
  test.afterAll(async () => stack.stopAll());

  async function storedTrace(traceId: string): Promise<JaegerTrace> {
    await waitForTrace(traceId, reachedUserApiQuery(), { client: stack.jaeger });
    return (await stack.jaeger.getTrace(traceId))!;
  }

  test('allowed baggage reaches the user API’s spans; any other key never does, nor a session.id the caller claims', async ({
    request,
  }) => {
    const { sessionId } = await visitOf(request, stack.shopUrl);
    const sent = await postOrder(request, stack.shopUrl, {
      headers: { baggage: 'session.id=someone-elses,threadline.app.version=9.9.9,evil.key=boom,tenant=other' },
    });
    expect(sent.response.status()).toBe(201);
    const spans = toTraceSpans(await storedTrace(sent.traceId));
    const userApiSpans = spans.filter((span) => span.service === 'user-api');
    expect(userApiSpans.length).toBeGreaterThan(0);
    // The shop writes the visit's own session.id (from its cookie) over whatever the caller sent.
    for (const span of userApiSpans) {
      expect(span.attributes['session.id'], span.name).toBe(sessionId);
      expect(span.attributes['threadline.app.version'], span.name).toBe('9.9.9');
    }
    expect(spans.filter((span) => 'evil.key' in span.attributes || 'tenant' in span.attributes)).toEqual([]);
  });

  test('a click carries the browser’s session ID and app version to every tier', async ({ page }) => {
    await page.goto(stack.shopUrl);
    const orderRequest = page.waitForRequest((request) => request.method() === 'POST' && request.url().endsWith('/api/orders'));
    await page.getByRole('button', { name: 'Place order', exact: true }).click();
    const headers = (await orderRequest).headers();
    const traceId = headers['traceparent']!.split('-')[1]!;
    expect(headers['baggage']).toMatch(/session\.id=[0-9a-f-]+/);
    expect(headers['baggage']).toContain(`threadline.app.version=${packageJson.version}`);

    const trace = await (async () => {
      await waitForTrace(traceId, reachedUserApiQuery(ALL_SERVICES), { client: stack.jaeger });
      return (await stack.jaeger.getTrace(traceId))!;
    })();
    const browser = Object.values(trace.processes).find((process) => process.serviceName === 'shop-browser')!;
    const browserTags = Object.fromEntries(browser.tags.map((tag) => [tag.key, tag.value]));
    expect(browserTags['user_agent.original']).toMatch(/Chrome/);
    expect(browserTags['service.version']).toBe(packageJson.version);
    const sessionId = browserTags['session.id'];
    expect(sessionId).toMatch(/^[0-9a-f-]{32,36}$/);
    const userApiSpans = toTraceSpans(trace).filter((span) => span.service === 'user-api');
    for (const span of userApiSpans) expect(span.attributes['session.id']).toBe(sessionId);
  });

  test('no span holds the customer’s email or name, secrets in URLs are replaced and the URL keeps its shape', async ({
    request,
  }) => {
    await visitOf(request, stack.shopUrl);
    // A Cookie header of its own replaces the context's jar: it carries the visit's cookie beside the secret.
    const jar = (await request.storageState()).cookies.map(({ name, value }) => `${name}=${value}`).join('; ');
    const sent = await postOrder(request, `${stack.shopUrl}`, {
      headers: { authorization: 'Bearer very-secret-token', cookie: `${jar}; session=cookie-secret` },
    });
    // The same order again, with personal data and secrets in the query string, as a careless client
    // might send them, in another trace of the same visit (the trace ID's last digit changed).
    const leakyTraceId = sent.traceId.replace(/.$/, (last) => (last === 'a' ? 'b' : 'a'));
    const leaky = await request.post(
      `${stack.shopUrl}/api/orders?email=ada%40example.com&token=s3cr3t-token&card=4111111111111111&page=2`,
      {
        headers: { traceparent: `00-${leakyTraceId}-${sent.parentSpanId}-01` },
        data: { userId: '1', items: [{ sku: 'TL-MUG', quantity: 1 }] },
      },
    );
    expect(leaky.status()).toBe(201);
    for (const traceId of [sent.traceId, leakyTraceId]) {
      const stored = JSON.stringify(await storedTrace(traceId));
      for (const secret of [
        'ada@example.com',
        'ada%40example.com',
        'Ada Lovelace',
        's3cr3t-token',
        '4111111111111111',
        'very-secret-token',
        'cookie-secret',
      ]) {
        expect(stored, `trace ${traceId} must not contain ${secret}`).not.toContain(secret);
      }
    }
    const server = toTraceSpans((await stack.jaeger.getTrace(leakyTraceId))!).find(
      (span) => span.kind === 'server' && span.service === 'shop-web',
    )!;
    // Next.js's http.target leaves as the current conventions' url.path and url.query, redacted.
    expect(server.attributes['url.path']).toBe('/api/orders');
    expect(server.attributes['url.query']).toBe('email=REDACTED&token=REDACTED&card=REDACTED&page=2');
    expect(server.attributes['http.target']).toBeUndefined();
  });

  test('each service reports its version, environment, host, process and runtime', async ({ request }) => {
    const sent = await postOrder(request, stack.shopUrl);
    const trace = await storedTrace(sent.traceId);
    for (const process of Object.values(trace.processes)) {
      const tags = Object.fromEntries(process.tags.map((tag) => [tag.key, tag.value]));
      expect(tags['service.version'], process.serviceName).toBe(packageJson.version);
      expect(tags['deployment.environment.name'], process.serviceName).toBe('e2e');
      expect(tags['host.name'], process.serviceName).toBeTruthy();
      expect(tags['process.pid'], process.serviceName).toBeTruthy();
      expect(tags['process.runtime.name'], process.serviceName).toBe('nodejs');
    }
  });

  test('the log lines written for an order carry its trace ID and span IDs', async ({ request }) => {
    const placed = await postOrder(request, stack.shopUrl);
    const refused = await postOrder(request, stack.shopUrl, { body: { userId: '999', items: [{ sku: 'TL-MUG', quantity: 1 }] } });
    expect(refused.response.status()).toBe(422);
    await storedTrace(placed.traceId);
    const json = (service: 'web' | 'user-api') =>
      stack
        .log(service)
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    const webLines = json('web').filter((line) => line.trace_id === placed.traceId);
    expect(
      webLines.some((line) => line.msg === 'request' && line.status === 201 && /^[0-9a-f]{16}$/.test(String(line.span_id))),
    ).toBe(true);
    expect(
      json('user-api').some((line) => line.trace_id === placed.traceId && line.route === '/users/:id' && line.status === 200),
    ).toBe(true);
    const errorLine = json('web').find((line) => line.trace_id === refused.traceId && line.level === 'warn');
    expect(errorLine).toMatchObject({ code: 'user_not_found', status: 422 });
  });

  test('both services serve Prometheus metrics: request durations, orders, lookups and the exporter’s health', async ({
    request,
  }) => {
    const scrape = async (service: 'web' | 'user-api') => (await request.get(stack.metricsUrl(service))).text();
    const value = (text: string, pattern: RegExp) =>
      text
        .split('\n')
        .filter((line) => pattern.test(line))
        .map((line) => Number(line.split(' ').pop()));
    await expect
      .poll(async () => value(await scrape('web'), /^threadline_tracing_spans_exported_total/)[0] ?? 0, { timeout: 15_000 })
      .toBeGreaterThan(0);
    const web = await scrape('web');
    expect(
      value(web, /^http_server_request_duration_count\{.*http_route="\/api\/orders".*http_response_status_code="201"/)[0],
    ).toBeGreaterThanOrEqual(1);
    expect(value(web, /^shop_orders_placed_total/)[0]).toBeGreaterThanOrEqual(1);
    expect(value(web, /^shop_orders_failed_total\{error_type="user_not_found"/)[0]).toBeGreaterThanOrEqual(1);
    expect(value(web, /^shop_user_lookups_total\{outcome="found"/)[0]).toBeGreaterThanOrEqual(1);
    expect(value(web, /^threadline_tracing_spans_dropped_total/)[0]).toBe(0);
    const userApi = await scrape('user-api');
    expect(
      value(userApi, /^http_server_request_duration_count\{.*http_route="\/users\/:id"/).reduce((a, b) => a + b, 0),
    ).toBeGreaterThanOrEqual(1);
    // A lookup of no such user: the duration histogram counts it by route and answer.
    expect(
      value(userApi, /^http_server_request_duration_count\{.*http_response_status_code="404".*http_route="\/users\/:id"/)[0],
    ).toBeGreaterThanOrEqual(1);
    expect(value(userApi, /^threadline_tracing_spans_exported_total/)[0]).toBeGreaterThan(0);
  });

  test('with THREADLINE_CONSOLE_TRACES on, each service prints its finished traces as trees', async ({ request }) => {
    const sent = await postOrder(request, stack.shopUrl);
    await storedTrace(sent.traceId);
    const printed = (service: 'web' | 'user-api') => stack.log(service).join('\n');
    expect(printed('web')).toMatch(new RegExp(`\\[trace ${sent.traceId}\\] .*\\n {2}shop-web: POST /api/orders \\(`));
    expect(printed('web')).toMatch(/\n {8}shop-web: GET \/users\/:id \(/);
    expect(printed('user-api')).toMatch(
      new RegExp(`\\[trace ${sent.traceId}\\] .*\\n {2}user-api: GET /users/:id \\(.*\\n {4}user-api: SELECT users \\(`),
    );
  });

  test('HTTP status maps to span status as the conventions say', async ({ request }) => {
    const refused = await postOrder(request, stack.shopUrl, { body: { userId: '999', items: [{ sku: 'TL-MUG', quantity: 1 }] } });
    await stack.stop('user-api');
    const unavailable = await postOrder(request, stack.shopUrl);
    await stack.start('user-api');
    expect([refused.response.status(), unavailable.response.status()]).toEqual([422, 503]);

    const serverSpan = async (traceId: string) => {
      const spans = await waitForTrace(
        traceId,
        (current) => current.some((span) => span.name === 'place order') && current.some(isWebServerSpan),
        {
          client: stack.jaeger,
        },
      );
      return { spans, server: spans.find(isWebServerSpan)! };
    };
    // 4xx: the server did its job; its client (the user API call for user 999) did not.
    const forRefused = await serverSpan(refused.traceId);
    expect(forRefused.server.status, renderTraceTree(forRefused.spans)).not.toBe('ERROR');
    expect(forRefused.spans.find((span) => span.name === 'GET /users/:id' && span.service === 'shop-web')!.status).toBe('ERROR');
    // 5xx: the server failed, and says so.
    const forUnavailable = await serverSpan(unavailable.traceId);
    expect(forUnavailable.server.status, renderTraceTree(forUnavailable.spans)).toBe('ERROR');
  });
});
