import { expect, test } from '@playwright/test';
import { analyseTrace, QUIET_PERIOD_MS, renderTraceTree, toTraceSpans, type TraceSpan } from '@threadline/traces';
import { postOrder, SAMPLE_ORDER, type SentOrder } from './support/order-requests';
import { countOrders, SHARED_SHOP_DATABASE } from './support/shop-database';
import { SHOP_URL } from './support/stack-urls';
import { visitOf } from './support/trace-ids';
import { jaeger, reachedUserApiQuery, waitForTrace } from './support/wait-for-trace';

const CLIENTS = 20;
const ORDERS_PER_CLIENT = 10;

test('200 orders from 20 concurrent clients: each stored once, each trace whole and only its own', async ({ playwright }) => {
  test.setTimeout(120_000);
  const sent: SentOrder[] = [];
  // Each client a visitor of its own: its own cookie jar, so its own visit and its own traces.
  const clients = await Promise.all(Array.from({ length: CLIENTS }, () => playwright.request.newContext({ baseURL: SHOP_URL })));
  await Promise.all(
    clients.map(async (client, index) => {
      for (let order = 0; order < ORDERS_PER_CLIENT; order += 1) {
        const body = { userId: String((index % 4) + 1), items: [{ sku: 'TL-STICKERS', quantity: index + 1 }] };
        sent.push(await postOrder(client, '', { body }));
      }
    }),
  );
  expect(sent).toHaveLength(CLIENTS * ORDERS_PER_CLIENT);
  const orders = await Promise.all(
    sent.map(async ({ response }) => ({
      status: response.status(),
      body: (await response.json()) as { id: string; traceId: string },
    })),
  );
  expect(orders.map((order) => order.status)).toEqual(orders.map(() => 201));
  expect(new Set(orders.map((order) => order.body.id)).size).toBe(sent.length);
  orders.forEach((order, index) => expect(order.body.traceId).toBe(sent[index]!.traceId));
  expect(await countOrders(SHARED_SHOP_DATABASE, { traceIds: sent.map((order) => order.traceId) })).toBe(sent.length);

  // Every trace in Jaeger holds exactly its own request: one server span continuing the client's
  // parent, one order span for its own order, one user lookup; nothing from a neighbour.
  // A trace is read once it has the spans the assertions name and its span count has held still for
  // a quiet period: under this load Jaeger receives each trace in several batches.
  const pending = new Map(
    sent.map((order, index) => [order.traceId, { order, orderId: orders[index]!.body.id, spanCount: -1, countSeenSinceMs: 0 }]),
  );
  const hasServerSpan = (spans: TraceSpan[], service: string) =>
    spans.some((span) => span.service === service && span.kind === 'server');
  const deadline = Date.now() + 60_000;
  while (pending.size > 0 && Date.now() < deadline) {
    for (const [traceId, entry] of [...pending]) {
      const trace = await jaeger.getTrace(traceId).catch(() => null);
      const spans = trace ? toTraceSpans(trace) : [];
      if (spans.length !== entry.spanCount) Object.assign(entry, { spanCount: spans.length, countSeenSinceMs: Date.now() });
      const ready = reachedUserApiQuery()(spans) && hasServerSpan(spans, 'shop-web') && hasServerSpan(spans, 'user-api');
      if (!ready || Date.now() - entry.countSeenSinceMs < QUIET_PERIOD_MS) continue;
      const tree = renderTraceTree(spans);
      expect(
        analyseTrace(spans).orphans.map((span) => span.parentSpanId),
        tree,
      ).toEqual([entry.order.parentSpanId]);
      const placeOrder = spans.filter((span) => span.name === 'place order');
      expect(placeOrder, tree).toHaveLength(1);
      expect(placeOrder[0]!.attributes['threadline.order.id']).toBe(entry.orderId);
      expect(
        spans.filter((span) => span.service === 'shop-web' && span.kind === 'server'),
        tree,
      ).toHaveLength(1);
      expect(
        spans.filter((span) => span.service === 'user-api' && span.kind === 'server'),
        tree,
      ).toHaveLength(1);
      pending.delete(traceId);
    }
    if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  expect([...pending.keys()], 'traces still incomplete in Jaeger after 60 s').toEqual([]);
  await Promise.all(clients.map((client) => client.dispose()));
});

test.describe('Idempotency-Key', () => {
  test('a retried request returns the first order instead of placing a second', async ({ request }) => {
    const key = `retry-${Date.now()}`;
    const first = await postOrder(request, '', { headers: { 'idempotency-key': key } });
    const retry = await postOrder(request, '', { headers: { 'idempotency-key': key } });
    expect(first.response.status()).toBe(201);
    expect(retry.response.status()).toBe(201);
    expect(retry.response.headers()['idempotent-replayed']).toBe('true');
    const [a, b] = [
      (await first.response.json()) as { id: string; traceId: string },
      (await retry.response.json()) as { id: string; traceId: string },
    ];
    expect(b.id).toBe(a.id);
    // The order keeps the trace that placed it; the retry's own trace shows it was a replay.
    expect(b.traceId).toBe(first.traceId);
    expect(await countOrders(SHARED_SHOP_DATABASE, { traceIds: [first.traceId, retry.traceId] })).toBe(1);
  });

  test('a replay’s trace links to the span that placed the original, and the trace view shows the link', async ({
    page,
    request,
  }) => {
    const key = `link-${Date.now()}`;
    const first = await postOrder(request, '', { headers: { 'idempotency-key': key } });
    const retry = await postOrder(request, '', { headers: { 'idempotency-key': key } });
    expect(retry.response.headers()['idempotent-replayed']).toBe('true');

    const original = await waitForTrace(first.traceId, (spans) => spans.some((span) => span.name === 'place order'));
    const placedBy = original.find((span) => span.name === 'place order')!;
    const replay = await waitForTrace(retry.traceId, (spans) => spans.some((span) => span.name === 'place order'));
    const replaying = replay.find((span) => span.name === 'place order')!;
    expect(replaying.attributes['threadline.order.replayed']).toBe(true);
    expect(replaying.links, renderTraceTree(replay)).toEqual([{ traceId: first.traceId, spanId: placedBy.spanId }]);

    // The same visitor opens the replay's trace in the shop: the page shares the API client's visit.
    await page.context().addCookies((await request.storageState()).cookies);
    await page.goto(`/traces/${retry.traceId}`);
    const view = page.getByRole('region', { name: `Trace ${retry.traceId}` });
    await view.getByRole('button', { name: /^shop-web: place order, level \d+$/ }).click();
    const link = page.getByTestId('span-links').getByRole('link', { name: `Trace ${first.traceId}` });
    await expect(link).toHaveAttribute('href', `/traces/${first.traceId}`);
  });

  test('concurrent retries with one key store exactly one order', async ({ request }) => {
    // One visit for all of them, made before they race (a first request in each would start its own).
    await visitOf(request);
    const key = `race-${Date.now()}`;
    const attempts = await Promise.all(
      Array.from({ length: 8 }, () => postOrder(request, '', { headers: { 'idempotency-key': key } })),
    );
    const bodies = await Promise.all(
      attempts.map(async (attempt) => {
        const body = (await attempt.response.json()) as { id?: string; error?: { code: string; message: string } };
        return { status: attempt.response.status(), id: body.id, error: body.error, traceId: attempt.traceId };
      }),
    );
    // A refusal names its code and trace, to be looked up in the stack's log and in Jaeger.
    expect(
      bodies.map((body) => body.status),
      JSON.stringify(bodies.filter((body) => body.error)),
    ).toEqual(bodies.map(() => 201));
    expect(new Set(bodies.map((body) => body.id)).size).toBe(1);
    expect(await countOrders(SHARED_SHOP_DATABASE, { traceIds: attempts.map((attempt) => attempt.traceId) })).toBe(1);
  });

  test('the same key with a different order is refused', async ({ request }) => {
    const key = `reuse-${Date.now()}`;
    expect((await postOrder(request, '', { headers: { 'idempotency-key': key } })).response.status()).toBe(201);
    const other = await postOrder(request, '', { headers: { 'idempotency-key': key }, body: { ...SAMPLE_ORDER, userId: '2' } });
    expect(other.response.status()).toBe(422);
    expect(await other.response.json()).toMatchObject({ error: { code: 'idempotency_key_reused' } });
  });
});
