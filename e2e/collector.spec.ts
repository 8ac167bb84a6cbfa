import { expect, test } from '@playwright/test';
import { analyseTrace } from '@threadline/traces';
import { IsolatedStack } from '../scripts/lib/isolated-stack';
import { postOrder, warmUp } from './support/order-requests';
import { newTraceparent } from './support/trace-ids';
import { reachedUserApiQuery, waitForTrace } from './support/wait-for-trace';

const DECISION_WAIT_MS = 2000;
/** Well above an ordinary order's duration on a loaded machine, well below the user API's timeout. */
const SLOW_TRACE_MS = 1500;

/**
 * The shipped collector configuration (deploy/collector/config.yaml), run for real in front of the
 * storing Jaeger. The apps are pointed at it by OTEL_EXPORTER_OTLP_ENDPOINT alone. Here the share of
 * ordinary traces it keeps is 0 %, so what arrives in Jaeger is exactly what the policies keep.
 */
test.describe('collector in front of Jaeger', () => {
  test.describe.configure({ mode: 'serial' });
  const stack = new IsolatedStack(
    'collector',
    800,
    {},
    {
      COLLECTOR_SAMPLE_PERCENT: '0',
      COLLECTOR_DECISION_WAIT: `${DECISION_WAIT_MS / 1000}s`,
      COLLECTOR_SLOW_TRACE_MS: String(SLOW_TRACE_MS),
    },
  );

  test.beforeAll(async ({ request }) => {
    await stack.startAll();
    // The first order of a fresh stack is slow; it must not be the "fast" one below.
    await warmUp(request, stack.shopUrl);
  });
  test.afterAll(async () => stack.stopAll());

  test('an ordinary fast order is sampled away', async ({ request }) => {
    const fast = await postOrder(request, stack.shopUrl);
    expect(fast.response.status()).toBe(201);
    expect(fast.elapsedMs).toBeLessThan(SLOW_TRACE_MS);
    // A kept trace that started later was decided later: once it is stored, the fast one's decision is made.
    const failed = await postOrder(request, stack.shopUrl, { body: { userId: '999', items: [{ sku: 'TL-MUG', quantity: 1 }] } });
    expect(failed.response.status()).toBe(422);
    await waitForTrace(failed.traceId, reachedUserApiQuery(), { client: stack.jaeger, timeoutMs: 20_000 });
    expect(await stack.jaeger.getTrace(fast.traceId)).toBeNull();
  });

  test('every trace with an error is kept, whole', async ({ request }) => {
    const sent = await postOrder(request, stack.shopUrl, { body: { userId: '999', items: [{ sku: 'TL-MUG', quantity: 1 }] } });
    expect(sent.response.status()).toBe(422);
    const spans = await waitForTrace(sent.traceId, reachedUserApiQuery(), { client: stack.jaeger, timeoutMs: 20_000 });
    // Whole: the only parent outside the trace is the API client's own span.
    expect(analyseTrace(spans).orphans.map((span) => span.parentSpanId)).toEqual([sent.parentSpanId]);
  });

  test('every slow trace is kept', async ({ request }) => {
    stack.pause('user-api');
    const pending = postOrder(request, stack.shopUrl);
    await new Promise((resolve) => setTimeout(resolve, SLOW_TRACE_MS + 500));
    stack.resume('user-api');
    const sent = await pending;
    expect(sent.response.status()).toBe(201);
    expect(sent.elapsedMs).toBeGreaterThan(SLOW_TRACE_MS);
    await waitForTrace(sent.traceId, reachedUserApiQuery(), { client: stack.jaeger, timeoutMs: 20_000 });
  });

  test('it deletes personal and credential attributes that reach it anyway', async ({ request }) => {
    const { traceId, spanId } = newTraceparent();
    const now = Date.now();
    const attribute = (key: string, value: string) => ({ key, value: { stringValue: value } });
    const response = await request.post(`http://127.0.0.1:${stack.collector!.otlpHttpPort}/v1/traces`, {
      data: {
        resourceSpans: [
          {
            resource: { attributes: [attribute('service.name', 'careless-service')] },
            scopeSpans: [
              {
                spans: [
                  {
                    traceId,
                    spanId,
                    name: 'GET /profile',
                    kind: 2,
                    startTimeUnixNano: `${BigInt(now - 5) * 1_000_000n}`,
                    endTimeUnixNano: `${BigInt(now) * 1_000_000n}`,
                    // An error, so the sampler keeps it and the test can look at what was stored.
                    status: { code: 2 },
                    attributes: [
                      attribute('user.email', 'ada@example.com'),
                      attribute('authorization', 'Bearer t0ken'),
                      attribute('http.route', '/profile'),
                    ],
                  },
                ],
              },
            ],
          },
        ],
      },
    });
    expect(response.status()).toBe(200);
    await expect.poll(async () => (await stack.jaeger.getTrace(traceId)) !== null, { timeout: 20_000 }).toBe(true);
    const stored = JSON.stringify(await stack.jaeger.getTrace(traceId));
    expect(stored).toContain('/profile');
    expect(stored).not.toContain('ada@example.com');
    expect(stored).not.toContain('t0ken');
  });
});
