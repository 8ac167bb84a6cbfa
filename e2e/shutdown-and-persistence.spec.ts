import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { analyseTrace, renderTraceTree } from '@threadline/traces';
import { IsolatedStack } from '../scripts/lib/isolated-stack';
import { postOrder, warmUp } from './support/order-requests';
import { probeOnNewConnection, unreadBytesAtPort } from './support/sockets';
import { reachedUserApiQuery, waitForTrace } from './support/wait-for-trace';

test.describe('shutdown without loss, and data that lasts', () => {
  test.describe.configure({ mode: 'serial' });
  // A user API timeout longer than this file's pauses: the order in flight must finish, not time out.
  const stack = new IsolatedStack('shutdown', 300, { web: { USER_API_TIMEOUT_MS: '20000' } });
  let placed: { orderId: string; traceId: string; parentSpanId: string; cookie: string } | undefined;

  test.beforeAll(async () => stack.startAll());
  test.afterAll(async () => stack.stopAll());

  test('services stopped right after an order still deliver its whole trace', async ({ request }) => {
    const sent = await postOrder(request, stack.shopUrl);
    expect(sent.response.status()).toBe(201);
    placed = {
      orderId: ((await sent.response.json()) as { id: string }).id,
      traceId: sent.traceId,
      parentSpanId: sent.parentSpanId,
      // The browser session the order belongs to: only that session's list shows it.
      cookie: sent.response.headers()['set-cookie']!.split(';')[0]!,
    };
    // Well inside the 500 ms batch delay: only the flush on SIGTERM can deliver these spans.
    await Promise.all([stack.stop('web'), stack.stop('user-api')]);

    const spans = await waitForTrace(sent.traceId, reachedUserApiQuery(), { client: stack.jaeger });
    expect(
      analyseTrace(spans).orphans.map((span) => span.parentSpanId),
      renderTraceTree(spans),
    ).toEqual([sent.parentSpanId]);
    expect(spans.some((span) => span.name === 'INSERT orders')).toBe(true);
  });

  test('a request in flight at SIGTERM is finished, and new ones are turned away', async ({ request }) => {
    await stack.start('user-api');
    await stack.start('web');
    await warmUp(request, stack.shopUrl);
    stack.pause('user-api');
    let answered = false;
    const inFlight = postOrder(request, stack.shopUrl).finally(() => {
      answered = true;
    });
    // In flight for sure: the shop's call to the user API sits unread at the paused user API's port.
    await expect.poll(() => unreadBytesAtPort(stack.settings.userApiPort), { timeout: 10_000 }).toBeGreaterThan(0);
    const stopping = stack.stop('web');
    await expect.poll(() => probeOnNewConnection(`${stack.shopUrl}/api/health`), { timeout: 10_000 }).toBe('refused');
    expect(answered, 'the order in flight is still waiting for the user API').toBe(false);
    stack.resume('user-api');
    const finished = (await inFlight).response;
    expect(finished.status()).toBe(201);
    // Its kept-alive connection is not kept: the client is told to reconnect (elsewhere).
    expect(finished.headers()['connection']).toBe('close');
    await stopping;
  });

  test('orders survive a restart of the web tier', async ({ request }) => {
    await stack.start('web');
    const response = await request.get(`${stack.shopUrl}/api/orders`, { headers: { cookie: placed!.cookie } });
    const { orders } = (await response.json()) as { orders: { id: string }[] };
    expect(orders.map((order) => order.id)).toContain(placed!.orderId);
  });

  test('users survive a restart of the user API (its database is kept, not re-seeded)', async ({ request }) => {
    const db = new Database(stack.settings.userApiDbPath);
    db.prepare("INSERT INTO users (id, name, email) VALUES ('77', 'Margaret Hamilton', 'margaret@example.com')").run();
    db.close();
    await stack.restart('user-api');
    const response = await request.get(`${stack.userApiUrl}/users/77`);
    expect(response.status()).toBe(200);
    expect(await response.json()).toMatchObject({ name: 'Margaret Hamilton' });
  });

  test('traces survive a restart of Jaeger (Badger on disk)', async () => {
    await stack.restart('jaeger');
    const trace = await stack.jaeger.getTrace(placed!.traceId);
    expect(trace?.spans.length ?? 0).toBeGreaterThan(5);
  });
});
