import { expect, test, type BrowserContext } from '@playwright/test';
import { JaegerQueryClient } from '@threadline/traces';
import { postOrder, warmUp } from '../support/order-requests';
import { describeSecurityAttacks } from '../support/security-attacks';
import { isWholeClickedOrder, reachedUserApiQuery, waitForTrace } from '../support/wait-for-trace';
import { ComposeProject } from './support/compose-project';
import { containerProcessUid, docker, imageLabel } from './support/docker-cli';
import { followJaegerLink, placeOrderByClick } from './support/shop-page';
import { JAEGER_IMAGE } from './support/stand-ins';

/** A project name of its own, so the suite never touches a stack you started with `docker compose up`. */
const PROJECT = 'threadline-containers-test';
const SHOP_URL = 'http://127.0.0.1:3000';
const JAEGER_UI_URL = 'http://localhost:16686';
const jaeger = new JaegerQueryClient('http://127.0.0.1:16686');
const SERVICES = ['jaeger', 'collector', 'user-api', 'web'];
/** Well above an ordinary order on a loaded machine: only the policies under test decide. */
const SLOW_TRACE_MS = 1500;

const project = new ComposeProject(PROJECT, 'compose.yaml', SERVICES);
const compose = (args: string[], env: Record<string, string> = {}) => project.run(args, env);
const containerOf = (service: string) => project.containerOf(service);
const allHealthy = (timeoutMs: number) => project.allHealthy(timeoutMs);

test.describe('docker compose up --build', () => {
  test.describe.configure({ mode: 'serial' });
  test.beforeAll(() => {
    compose(['down', '--volumes', '--remove-orphans']);
  });
  test.afterAll(() => {
    compose(['down', '--volumes', '--remove-orphans']);
  });

  let traceId: string;
  let spanCount: number;
  /** The browser session that placed the order: the shop lists a session's own orders only. */
  let sessionCookies: Awaited<ReturnType<BrowserContext['cookies']>>;

  test('every container healthy and non-root, only the shop and Jaeger published, on loopback', async () => {
    test.setTimeout(25 * 60_000);
    compose(['up', '--detach', '--build']);
    await allHealthy(5 * 60_000);
    for (const service of SERVICES) expect(containerProcessUid(containerOf(service)), `${service}'s uid`).not.toBe(0);
    expect(project.publishedPorts()).toEqual(['127.0.0.1:16686', '127.0.0.1:3000']);
  });

  test('an order clicked at http://127.0.0.1:3000 is one whole trace in the compose Jaeger, through the collector', async ({
    page,
  }) => {
    test.setTimeout(3 * 60_000);
    traceId = await placeOrderByClick(page, SHOP_URL);
    // Every trace is kept by default, so the confirmation's link always opens one.
    const spans = await waitForTrace(traceId, isWholeClickedOrder, {
      client: jaeger,
      timeoutMs: 60_000,
    });
    spanCount = spans.length;
    sessionCookies = await page.context().cookies();
    await followJaegerLink(page, {
      traceId,
      uiUrl: JAEGER_UI_URL,
      standIn: imageLabel(JAEGER_IMAGE, 'org.threadline.stand-in') !== undefined,
    });
  });

  test('the shop, the user API and Jaeger keep their data across down and up', async ({ page, request }) => {
    test.setTimeout(10 * 60_000);
    // The user API only reads; write a row of our own to see it come back.
    docker([
      'exec',
      containerOf('user-api'),
      'node',
      '-e',
      `
      const db = new (require('better-sqlite3'))(process.env.USER_API_DB_PATH);
      db.prepare("INSERT INTO users (id, name, email) VALUES ('900', 'Volume Keeper', 'keeper@example.com')").run();`,
    ]);

    compose(['down']);
    compose(['up', '--detach']);
    await allHealthy(5 * 60_000);

    expect((await jaeger.getTrace(traceId))?.spans.length, `trace ${traceId} after down and up`).toBe(spanCount);
    await page.context().addCookies(sessionCookies);
    await page.goto(SHOP_URL);
    await expect(page.getByTestId('recent-orders')).toContainText(traceId);
    const users = (await (await request.get(`${SHOP_URL}/api/users`)).json()) as { users: { name: string }[] };
    expect(users.users.map((user) => user.name)).toContain('Volume Keeper');
  });

  test('tail sampling is one variable away: at 0 % an error trace is kept and an ordinary one dropped', async ({ request }) => {
    test.setTimeout(5 * 60_000);
    compose(['up', '--detach'], { COLLECTOR_SAMPLE_PERCENT: '0', COLLECTOR_SLOW_TRACE_MS: String(SLOW_TRACE_MS) });
    await allHealthy(3 * 60_000);
    await warmUp(request, SHOP_URL);

    const ordinary = await postOrder(request, SHOP_URL);
    expect(ordinary.response.status()).toBe(201);
    expect(ordinary.elapsedMs, 'fast enough not to be kept as a slow trace').toBeLessThan(SLOW_TRACE_MS);
    // Decided after the ordinary one: once the error trace is stored, the ordinary one's fate is known.
    const failed = await postOrder(request, SHOP_URL, { body: { userId: '999', items: [{ sku: 'TL-MUG', quantity: 1 }] } });
    expect(failed.response.status()).toBe(422);
    await waitForTrace(failed.traceId, reachedUserApiQuery(), { client: jaeger, timeoutMs: 60_000 });
    expect(await jaeger.getTrace(ordinary.traceId)).toBeNull();
  });
});

// The same attacks as against `npm start` (e2e/security.spec.ts), on a compose stack of their own:
// the one above ends with tail sampling switched to 0 %.
test.describe('the attacks of issue 18, against the compose stack', () => {
  test.describe.configure({ mode: 'serial' });
  test.use({ baseURL: SHOP_URL });
  test.beforeAll(async () => {
    test.setTimeout(25 * 60_000);
    compose(['down', '--volumes', '--remove-orphans']);
    compose(['up', '--detach', '--build']);
    await allHealthy(5 * 60_000);
  });
  test.afterAll(() => {
    compose(['down', '--volumes', '--remove-orphans']);
  });
  describeSecurityAttacks();
});
