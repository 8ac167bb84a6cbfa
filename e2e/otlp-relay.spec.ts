import { expect, test, type APIRequestContext } from '@playwright/test';
import { SpanKind } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { DEFAULT_PORTS, SERVICE_NAMES } from '@threadline/stack-layout';
import { analyseTrace, parseTraceContextHeader, toTraceSpans, type JaegerTrace } from '@threadline/traces';
import { IsolatedStack } from '../scripts/lib/isolated-stack';
import { newProbeSpan, otlpJsonForSpan, type ProbeSpan } from '../scripts/lib/otlp-probe-span';
import { SHOP_URL } from './support/stack-urls';
import { newTraceparent, visitOf } from './support/trace-ids';
import { isWholeClickedOrder, jaeger, waitForTrace } from './support/wait-for-trace';

/** The suite's shop serves Prometheus here (METRICS_PORT is left at its default). */
const SHOP_METRICS_URL = `http://127.0.0.1:${DEFAULT_PORTS.shopMetrics}/metrics`;
const VICTIM_EMAIL = 'victim@example.com';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function attribute(key: string, value: string | number): Json {
  return { key, value: typeof value === 'string' ? { stringValue: value } : { intValue: value } };
}

/** The doctor's probe span as an OTLP/JSON batch, with the resource `resourceAttributes` and span `fields` changed. */
function probeBatch(
  probe: ProbeSpan,
  name: string,
  {
    resourceAttributes = [attribute('service.name', SERVICE_NAMES.browser)],
    fields = {},
  }: { resourceAttributes?: Json[]; fields?: Record<string, Json> } = {},
): { resourceSpans: { resource: { attributes: Json[] }; scopeSpans: { spans: Record<string, Json>[] }[] }[] } {
  const now = Date.now();
  const batch = JSON.parse(otlpJsonForSpan(probe, name, now - 5, now)) as ReturnType<typeof probeBatch>;
  const resourceSpans = batch.resourceSpans[0]!;
  resourceSpans.resource.attributes = resourceAttributes;
  Object.assign(resourceSpans.scopeSpans[0]!.spans[0]!, fields);
  return batch;
}

/**
 * A span ID in a new trace of the request context's visit: the relay takes spans only into the
 * traces of the visit whose cookie comes with the batch, as the shop's pages send them.
 */
async function visitSpan(request: APIRequestContext): Promise<ProbeSpan> {
  const { traceId, spanId } = newTraceparent((await visitOf(request)).traceIdPrefix);
  return { traceId, spanId };
}

/** POSTs a batch as a non-browser client would: no Origin header, whatever it likes in the body. */
async function postBatch(request: APIRequestContext, body: unknown, contentType = 'application/json') {
  return request.post('/otlp/v1/traces', {
    headers: { 'content-type': contentType },
    // A Buffer goes byte for byte; anything else would be JSON-encoded by Playwright.
    data: Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
    failOnStatusCode: false,
  });
}

/**
 * Sends one good span into `traceId` and waits until Jaeger has it. Whatever was sent into the trace
 * before it and forwarded would be stored by then: the relay answers only after the collector took a batch.
 */
async function storedAfterMarker(request: APIRequestContext, traceId: string): Promise<JaegerTrace> {
  const marker = { traceId, spanId: newProbeSpan().spanId };
  expect((await postBatch(request, probeBatch(marker, 'marker'))).status()).toBe(200);
  await expect
    .poll(async () => (await jaeger.getTrace(traceId))?.spans.some((span) => span.spanID === marker.spanId), { timeout: 15_000 })
    .toBe(true);
  return (await jaeger.getTrace(traceId))!;
}

/** The sum of a Prometheus counter over all its label sets, `where` its labels match. */
async function counterTotal(request: APIRequestContext, name: string, where: RegExp = /.*/): Promise<number> {
  const text = await (await request.get(SHOP_METRICS_URL)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) && where.test(line))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

/** The browser's same-origin span endpoint is the shop's only door to the collector: it must stay narrow. */
test.describe('browser span relay /otlp/v1/traces', () => {
  test('forwards an OTLP/JSON batch of the browser’s to Jaeger', async ({ request }) => {
    const span = await visitSpan(request);
    const response = await postBatch(request, probeBatch(span, 'relayed span'));
    expect(response.status()).toBe(200);
    await expect
      .poll(async () => (await jaeger.getTrace(span.traceId))?.spans.map((stored) => stored.operationName), { timeout: 15_000 })
      .toEqual(['relayed span']);
  });

  test('accepts spans from the shop opened at localhost, as the README says, though it listens on 127.0.0.1', async ({
    request,
  }) => {
    const response = await request.post(`${SHOP_URL.replace('127.0.0.1', 'localhost')}/otlp/v1/traces`, {
      headers: { 'content-type': 'application/json', origin: SHOP_URL.replace('127.0.0.1', 'localhost') },
      data: { resourceSpans: [] },
    });
    expect(response.status()).toBe(200);
  });

  test('refuses content that is not OTLP with 415', async ({ request }) => {
    const response = await request.post('/otlp/v1/traces', {
      headers: { 'content-type': 'text/plain' },
      data: 'hello',
    });
    expect(response.status()).toBe(415);
    expect(await response.json()).toMatchObject({ error: { code: 'unsupported_media_type' } });
  });

  test('refuses a body over its limit with 413', async ({ request }) => {
    const response = await request.post('/otlp/v1/traces', {
      headers: { 'content-type': 'application/json' },
      data: Buffer.alloc(1024 * 1024 + 1),
    });
    expect(response.status()).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'body_too_large' } });
  });
});

test.describe('a hostile client of the relay', () => {
  test.describe.configure({ mode: 'serial' });

  test('cannot store spans under another service’s name: the batch is refused and nothing of it lands', async ({ request }) => {
    const refusedBefore = await counterTotal(request, 'shop_span_relay_refused_total', /reason="foreign_service"/);
    const forged = await visitSpan(request);
    for (const serviceName of [SERVICE_NAMES.userApi, SERVICE_NAMES.web]) {
      const response = await postBatch(
        request,
        probeBatch({ traceId: forged.traceId, spanId: newProbeSpan().spanId }, 'DROP TABLE users', {
          resourceAttributes: [attribute('service.name', serviceName)],
          fields: { kind: 2, attributes: [attribute('user.email', VICTIM_EMAIL)] },
        }),
      );
      expect(response.status()).toBe(400);
      expect(await response.json()).toEqual({
        error: {
          code: 'foreign_service',
          message: `Only spans whose resource has service.name "${SERVICE_NAMES.browser}" are relayed.`,
        },
      });
    }
    // The doctor's probe batch, which claims its own name, is no browser's either.
    expect((await postBatch(request, otlpJsonForSpan(forged, 'doctor probe', Date.now() - 5, Date.now()))).status()).toBe(400);

    const stored = await storedAfterMarker(request, forged.traceId);
    expect(stored.spans.map((span) => span.operationName)).toEqual(['marker']);
    expect(Object.values(stored.processes).map((process) => process.serviceName)).toEqual([SERVICE_NAMES.browser]);
    expect(await counterTotal(request, 'shop_span_relay_refused_total', /reason="foreign_service"/)).toBe(refusedBefore + 3);
  });

  test('finds personal data in span names, attributes, events and the resource replaced with REDACTED', async ({ request }) => {
    const probe = await visitSpan(request);
    const now = Date.now();
    const response = await postBatch(
      request,
      probeBatch(probe, `lookup ${VICTIM_EMAIL}`, {
        resourceAttributes: [
          attribute('service.name', SERVICE_NAMES.browser),
          attribute('browser.language', `en ${VICTIM_EMAIL}`),
          attribute('host.name', 'db-primary'),
        ],
        fields: {
          attributes: [
            attribute('user.email', VICTIM_EMAIL),
            attribute('note', `write to ${VICTIM_EMAIL}, card 4111 1111 1111 1111`),
            attribute('http.url', '/api/orders?token=s3cr3t&page=2'),
          ],
          events: [
            {
              name: 'exception',
              timeUnixNano: String(BigInt(now - 1) * 1_000_000n),
              attributes: [attribute('exception.message', `no user ${VICTIM_EMAIL}`), attribute('password', 'hunter2')],
            },
          ],
        },
      }),
    );
    expect(response.status()).toBe(200);
    const trace = await storedAfterMarker(request, probe.traceId);
    const stored = JSON.stringify(trace);
    for (const secret of [VICTIM_EMAIL, '4111 1111 1111 1111', 's3cr3t', 'hunter2', 'db-primary']) {
      expect(stored, `the stored trace must not contain ${secret}`).not.toContain(secret);
    }
    const span = toTraceSpans(trace).find((stored) => stored.spanId === probe.spanId)!;
    expect(span.service).toBe(SERVICE_NAMES.browser);
    expect(span.name).toBe('lookup REDACTED');
    expect(span.attributes['user.email']).toBe('REDACTED');
    expect(span.attributes['note']).toBe('write to REDACTED, card REDACTED');
    // Under its current name (an older SDK's http.url, brought to url.full by the relay), redacted.
    expect(span.attributes['url.full']).toBe('/api/orders?token=REDACTED&page=2');
    expect(span.attributes['http.url']).toBeUndefined();
    expect(span.events[0]?.attributes).toMatchObject({ 'exception.message': 'no user REDACTED', password: 'REDACTED' });
    // The probe's own process: the visit's other browser spans may come under a resource of their own.
    const process = trace.processes[trace.spans.find((stored) => stored.spanID === probe.spanId)!.processID]!;
    const tags = Object.fromEntries(process.tags.map((tag) => [tag.key, tag.value]));
    expect(tags['browser.language']).toBe('en REDACTED');
    expect(tags['host.name']).toBeUndefined();
  });

  test('has a protobuf batch from an OpenTelemetry SDK refused with 415, which the SDK does not retry', async ({ request }) => {
    const spans = new InMemorySpanExporter();
    const visit = await visitSpan(request);
    const cookie = (await request.storageState()).cookies.map(({ name, value }) => `${name}=${value}`).join('; ');
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': SERVICE_NAMES.browser }),
      idGenerator: { generateTraceId: () => visit.traceId, generateSpanId: () => visit.spanId },
      spanProcessors: [new SimpleSpanProcessor(spans)],
    });
    provider.getTracer('e2e').startSpan('protobuf span', { kind: SpanKind.CLIENT }).end();
    const exporter = new OTLPTraceExporter({ url: `${SHOP_URL}/otlp/v1/traces`, headers: { cookie } });
    const result = await new Promise<{ code: number; error?: Error }>((resolve) =>
      exporter.export(spans.getFinishedSpans(), resolve),
    );
    await exporter.shutdown();
    // OTLP/HTTP asks a receiver to take protobuf with a SHOULD; the relay takes the page's JSON only.
    expect(result.code).toBe(1);
    expect(result.error).toMatchObject({ code: 415, message: 'Unsupported Media Type' });
    const stored = await storedAfterMarker(request, visit.traceId);
    expect(stored.spans.map((span) => span.operationName)).not.toContain('protobuf span');
  });

  test('gets a 4xx for oversize and malformed batches, and nothing of them is stored', async ({ request }) => {
    const target = await visitSpan(request);
    const inTarget = () => ({ traceId: target.traceId, spanId: newProbeSpan().spanId });
    const now = Date.now();
    const deepValue = `${'{"arrayValue":{"values":['.repeat(50)}{"stringValue":"deep"}${']}}'.repeat(50)}`;
    const twoSpans = (fields: Record<string, Json>) => {
      const batch = probeBatch(inTarget(), 'good neighbour');
      batch.resourceSpans[0]!.scopeSpans[0]!.spans.push(
        probeBatch(inTarget(), 'bad apple', { fields }).resourceSpans[0]!.scopeSpans[0]!.spans[0]!,
      );
      return batch;
    };
    const tooMany = probeBatch(inTarget(), 'one of too many');
    tooMany.resourceSpans[0]!.scopeSpans[0]!.spans = Array.from({ length: 513 }, () => ({
      ...probeBatch(inTarget(), 'one of too many').resourceSpans[0]!.scopeSpans[0]!.spans[0]!,
    }));
    const hostile: { name: string; body: unknown; contentType?: string; status: number; code: string }[] = [
      { name: 'more spans than a batch may hold', body: tooMany, status: 413, code: 'too_many_spans' },
      { name: 'a server span', body: twoSpans({ kind: 2 }), status: 400, code: 'span_kind_not_allowed' },
      { name: 'a consumer span', body: twoSpans({ kind: 5 }), status: 400, code: 'span_kind_not_allowed' },
      {
        name: 'a span from 1970',
        body: twoSpans({ startTimeUnixNano: '1000', endTimeUnixNano: '2000' }),
        status: 400,
        code: 'timestamp_out_of_window',
      },
      {
        name: 'a span from next year',
        body: twoSpans({ endTimeUnixNano: String(BigInt(now + 366 * 86_400_000) * 1_000_000n) }),
        status: 400,
        code: 'timestamp_out_of_window',
      },
      { name: 'a span ID of the wrong length', body: twoSpans({ spanId: 'abcdef' }), status: 400, code: 'invalid_id' },
      { name: 'an all-zero span ID', body: twoSpans({ spanId: '0'.repeat(16) }), status: 400, code: 'invalid_id' },
      { name: 'a parent ID that is not hex', body: twoSpans({ parentSpanId: 'z'.repeat(16) }), status: 400, code: 'invalid_id' },
      { name: 'a name of the wrong type', body: twoSpans({ name: 42 }), status: 400, code: 'invalid_otlp' },
      {
        name: 'values nested 50 deep',
        body: JSON.stringify(twoSpans({ attributes: [] })).replace(
          /"attributes":\[\]/,
          `"attributes":[{"key":"k","value":${deepValue}}]`,
        ),
        status: 400,
        code: 'value_too_deep',
      },
      { name: 'truncated JSON', body: JSON.stringify(twoSpans({})).slice(0, -20), status: 400, code: 'invalid_otlp' },
      {
        name: 'protobuf, which the relay does not take',
        body: Buffer.from('0aff01deadbeef', 'hex'),
        contentType: 'application/x-protobuf',
        status: 415,
        code: 'unsupported_media_type',
      },
      {
        name: 'JSON labelled as protobuf',
        body: JSON.stringify(twoSpans({})),
        contentType: 'application/x-protobuf',
        status: 415,
        code: 'unsupported_media_type',
      },
    ];
    for (const batch of hostile) {
      const response = await postBatch(request, batch.body, batch.contentType);
      expect(response.status(), batch.name).toBe(batch.status);
      expect(await response.json(), batch.name).toEqual({ error: { code: batch.code, message: expect.any(String) } });
    }
    const stored = await storedAfterMarker(request, target.traceId);
    expect(stored.spans.map((span) => span.operationName)).toEqual(['marker']);
  });

  test('cannot stop the shop serving orders: a click afterwards is one whole trace, and the page’s own batches pass untouched', async ({
    page,
    request,
  }) => {
    const droppedBefore = await counterTotal(request, 'shop_span_relay_dropped_total');
    const refusedBefore = await counterTotal(request, 'shop_span_relay_refused_total');
    const exportStatuses: number[] = [];
    page.on('response', (response) => {
      if (response.url().endsWith('/otlp/v1/traces')) exportStatuses.push(response.status());
    });
    await page.goto('/');
    const orderRequest = page.waitForRequest(
      (sent) => sent.method() === 'POST' && new URL(sent.url()).pathname === '/api/orders',
    );
    await page.getByRole('button', { name: 'Place order', exact: true }).click();
    const traceId = parseTraceContextHeader(await (await orderRequest).headerValue('traceparent'))!.traceId;
    await expect(page.getByTestId('trace-id')).toHaveText(traceId);

    const spans = await waitForTrace(traceId, isWholeClickedOrder);
    expect(analyseTrace(spans).roots.map((span) => span.name)).toEqual(['click Place order']);
    const browserProcess = Object.values((await jaeger.getTrace(traceId))!.processes).find(
      (process) => process.serviceName === SERVICE_NAMES.browser,
    )!;
    // The page's resource (lib/otel/browser/browser-tracing.ts) is all on the allow-list: it arrives whole.
    expect(browserProcess.tags.map((tag) => tag.key).sort()).toEqual([
      'deployment.environment.name',
      'service.version',
      'session.id',
      'telemetry.sdk.language',
      'telemetry.sdk.name',
      'telemetry.sdk.version',
      'user_agent.original',
    ]);
    expect(exportStatuses.length).toBeGreaterThan(0);
    expect(exportStatuses.every((status) => status === 200)).toBe(true);
    expect(await counterTotal(request, 'shop_span_relay_dropped_total')).toBe(droppedBefore);
    expect(await counterTotal(request, 'shop_span_relay_refused_total')).toBe(refusedBefore);
  });
});

test('refuses spans sent from another site’s page with 403', async ({ request }) => {
  const response = await request.post('/otlp/v1/traces', {
    headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
    data: { resourceSpans: [] },
  });
  expect(response.status()).toBe(403);
  expect(await response.json()).toMatchObject({ error: { code: 'forbidden_origin' } });
});

test.describe('per-client rate limit', () => {
  const stack = new IsolatedStack('relay-limits', 900, { web: { SPAN_RELAY_RATE_LIMIT: '2', SPAN_RELAY_BURST: '5' } });
  test.beforeAll(async () => stack.startAll());
  test.afterAll(async () => stack.stopAll());

  test('a client past its burst gets 429 with Retry-After, which OTLP exporters honour', async ({ request }) => {
    // Sent at once, so the bucket (burst 5, refilled at 2 per second) hardly refills meanwhile.
    const startedMs = Date.now();
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        request.post(`${stack.shopUrl}/otlp/v1/traces`, {
          headers: { 'content-type': 'application/json' },
          data: { resourceSpans: [] },
        }),
      ),
    );
    const elapsedSeconds = (Date.now() - startedMs) / 1000;
    const statuses = responses.map((response) => response.status());
    const accepted = statuses.filter((status) => status === 200).length;
    expect(accepted).toBeGreaterThanOrEqual(5);
    expect(accepted).toBeLessThanOrEqual(5 + Math.ceil(2 * elapsedSeconds));
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(3);
    const retryAfter = responses.find((response) => response.status() === 429)?.headers()['retry-after'];
    expect(retryAfter).toBe('1');
  });

  test('a client that names itself anew in X-Forwarded-For each time is still one client', async ({ request }) => {
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const statuses = await Promise.all(
      Array.from({ length: 10 }, async (_, index) =>
        (
          await request.post(`${stack.shopUrl}/otlp/v1/traces`, {
            headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${index + 1}` },
            data: { resourceSpans: [] },
          })
        ).status(),
      ),
    );
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(3);
  });

  test('refusals are logged at most once per reason per 10 s, however many there are', async ({ request }) => {
    const forged = probeBatch(newProbeSpan(), 'forged', {
      resourceAttributes: [attribute('service.name', SERVICE_NAMES.userApi)],
    });
    const startedMs = Date.now();
    // Spaced to stay within the client's rate (2 per second), so each one is refused for its content.
    for (let sent = 0; sent < 4; sent += 1) {
      await new Promise((resolve) => setTimeout(resolve, 600));
      const response = await request.post(`${stack.shopUrl}/otlp/v1/traces`, {
        headers: { 'content-type': 'application/json' },
        data: Buffer.from(JSON.stringify(forged)),
      });
      expect(response.status()).toBe(400);
    }
    expect(Date.now() - startedMs).toBeLessThan(10_000);
    const lines = stack
      .log('web')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.msg === 'span relay refused span batches' && line.reason === 'foreign_service');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'warn', batches: 1 });
  });
});
