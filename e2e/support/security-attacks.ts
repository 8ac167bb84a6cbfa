import http from 'node:http';
import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { SERVICE_NAMES } from '@threadline/stack-layout';
import { toTraceSpans } from '@threadline/traces';
import { SAMPLE_ORDER } from './order-requests';
import { SHOP_URL } from './stack-urls';
import { newTraceparent, visitOf } from './trace-ids';
import { isWholeClickedOrder, jaeger, waitForTrace } from './wait-for-trace';

/**
 * The attacks of issue 18, each tried as an attacker would against the running shop, each asserting
 * that nothing is stored, leaked, slowed or switched. "Another visitor" is another browser context:
 * its own cookie jar, as a second person's browser would be. Defined once, run against `npm start`
 * (e2e/security.spec.ts) and against the compose stack (e2e/containers/compose.spec.ts), both on the
 * default ports, relative to the suite's baseURL.
 */

const VISIT_COOKIE = '__Host-threadline_visit';

/** How long the shop may take to answer its health probe while a hostile request is in flight: a stall was 14 s. */
const UNSTALLED_MS = 1_000;

async function visitor(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/');
  return { context, page };
}

/** Places an order by clicking, as a person does; returns the order's trace ID as the page shows it. */
async function orderByClick(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Place order', exact: true }).click();
  const traceId = (await page.getByTestId('trace-id').textContent())!.trim();
  expect(traceId).toMatch(/^[0-9a-f]{32}$/);
  return traceId;
}

async function visitCookieOf(context: BrowserContext): Promise<string> {
  return (await context.cookies()).find((cookie) => cookie.name === VISIT_COOKIE)!.value;
}

/** The time GET /api/health takes while `hostile` is in flight. */
async function healthLatencyDuring(request: APIRequestContext, hostile: () => Promise<unknown>): Promise<number> {
  const inFlight = hostile();
  await new Promise((resolve) => setTimeout(resolve, 50));
  const started = Date.now();
  expect((await request.get('/api/health')).status()).toBe(200);
  const elapsed = Date.now() - started;
  await inFlight;
  return elapsed;
}

/** A page of the attacker's, on another port of this host: cookies are not separated by port. */
async function attackerSite(html: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end(html));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A span batch as a page's exporter sends it, `span` fields replacing the defaults. */
function batchOf(spans: Record<string, unknown>[], resource: Record<string, string> = {}): string {
  const now = BigInt(Date.now()) * 1_000_000n;
  return JSON.stringify({
    resourceSpans: [
      {
        resource: {
          attributes: Object.entries({ 'service.name': SERVICE_NAMES.browser, ...resource }).map(([key, value]) => ({
            key,
            value: { stringValue: value },
          })),
        },
        scopeSpans: [
          {
            scope: { name: 'threadline-browser' },
            spans: spans.map((fields) => ({
              spanId: newTraceparent().spanId,
              name: 'click Place order',
              kind: 1,
              startTimeUnixNano: String(now - 5_000_000n),
              endTimeUnixNano: String(now),
              ...fields,
            })),
          },
        ],
      },
    ],
  });
}

async function relay(request: APIRequestContext, body: string) {
  return request.post('/otlp/v1/traces', { headers: { 'content-type': 'application/json' }, data: Buffer.from(body) });
}

export function describeSecurityAttacks(): void {
  test.describe('no request can stall the shop for everyone', () => {
    test('a span value of 160,000 characters ending in @ is answered at once, and the shop keeps answering', async ({
      request,
    }) => {
      const { traceIdPrefix } = await visitOf(request);
      const huge = `${'a'.repeat(160_000)}@`;
      const body = batchOf([
        { traceId: newTraceparent(traceIdPrefix).traceId, attributes: [{ key: 'note', value: { stringValue: huge } }] },
      ]);
      let status = 0;
      const latency = await healthLatencyDuring(request, async () => {
        status = (await relay(request, body)).status();
      });
      expect(status).toBe(200);
      expect(latency).toBeLessThan(UNSTALLED_MS);
    });

    test('a User-Agent of 15 KB costs no more than any other on every route', async ({ request }) => {
      const userAgent = `Mozilla/5.0 ${'a'.repeat(15_000)}`;
      const hostile = () =>
        Promise.all(Array.from({ length: 8 }, () => request.get('/api/health', { headers: { 'user-agent': userAgent } })));
      expect(await healthLatencyDuring(request, hostile)).toBeLessThan(UNSTALLED_MS);
      const page = await request.get('/', { headers: { 'user-agent': userAgent } });
      expect(page.status()).toBe(200);
    });
  });

  test.describe('the session secret never leaves its cookie', () => {
    test('the cookie is a __Host- cookie no script reads, and nothing shown or traced carries its secret', async ({
      browser,
    }) => {
      const { context, page } = await visitor(browser);
      try {
        const traceId = await orderByClick(page);
        const cookie = (await context.cookies()).find((candidate) => candidate.name === VISIT_COOKIE)!;
        expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
        const secrets = cookie.value.split('.').filter((part) => part !== '');
        expect(await page.evaluate(() => document.cookie)).toBe('');

        await page.reload();
        const html = await page.content();
        const spans = JSON.stringify(await waitForTrace(traceId, isWholeClickedOrder));
        const sessionLink = await page.getByRole('link', { name: 'This visit’s traces' }).getAttribute('href');
        for (const secret of secrets) {
          expect(html, 'the page').not.toContain(secret);
          expect(spans, 'the order’s trace').not.toContain(secret);
          expect(sessionLink, 'the visit’s URL').not.toContain(secret);
        }
      } finally {
        await context.close();
      }
    });

    test('what a trace shows of a visit opens nothing of it: not its orders, its traces, or its order again', async ({
      browser,
      request,
    }) => {
      const victim = await visitor(browser);
      const attacker = await visitor(browser);
      try {
        const victimTrace = await orderByClick(victim.page);
        const spans = await waitForTrace(victimTrace, isWholeClickedOrder);
        const sessionId = String(spans.find((span) => span.service === SERVICE_NAMES.web)!.attributes['session.id']);
        const orderId = String(spans.find((span) => span.name === 'place order')!.attributes['threadline.order.id']);

        // The session.id as a cookie, in any form, names no visit.
        for (const cookie of [
          `${VISIT_COOKIE}=${sessionId}`,
          `${VISIT_COOKIE}=${sessionId}..${sessionId}`,
          `threadline_session=${sessionId}`,
        ]) {
          expect(await (await request.get('/api/orders', { headers: { cookie } })).json(), cookie).toEqual({ orders: [] });
        }
        expect((await attacker.page.goto(`/sessions/${sessionId}`))?.status()).toBe(404);
        expect(await (await attacker.page.request.get('/api/orders')).json()).toEqual({ orders: [] });

        // Order again works on the visit's own orders only: the attacker's page offers none of the victim's.
        await attacker.page.goto('/');
        await expect(attacker.page.getByText('No orders yet.')).toBeVisible();
        expect(await attacker.page.content()).not.toContain(orderId);
      } finally {
        await victim.context.close();
        await attacker.context.close();
      }
    });

    test('a cookie planted from another port of this host is not honoured: the visitor’s orders stay the visitor’s', async ({
      browser,
      request,
    }) => {
      // The attacker's own, valid visit: what a planted cookie would be.
      await visitOf(request);
      const attackersCookie = (await request.storageState()).cookies.find((cookie) => cookie.name === VISIT_COOKIE)!.value;
      const site = await attackerSite(`<script>
        document.cookie = "threadline_session=${'f'.repeat(32)}; path=/api";
        document.cookie = "${VISIT_COOKIE}=${attackersCookie}; Secure; Path=/";
        document.cookie = "${VISIT_COOKIE}=${attackersCookie}; Secure; Path=/api";
      </script>`);
      const returning = await visitor(browser);
      const fresh = await browser.newContext();
      try {
        // A returning visitor: the HttpOnly cookie cannot be overwritten or shadowed by a script.
        const before = await visitCookieOf(returning.context);
        await returning.page.goto(site.url);
        await returning.page.goto('/');
        expect(await visitCookieOf(returning.context)).toBe(before);
        const returningTrace = await orderByClick(returning.page);

        // A first-time visitor: the planted cookie is the one the browser sends, until the first order
        // gives the visit a new one that the attacker never saw.
        const freshPage = await fresh.newPage();
        await freshPage.goto(site.url);
        await freshPage.goto('/');
        const freshTrace = await orderByClick(freshPage);
        expect(await visitCookieOf(fresh)).not.toBe(attackersCookie);

        const attackersOrders = ((await (await request.get('/api/orders')).json()) as { orders: { traceId: string }[] }).orders;
        expect(attackersOrders.map((order) => order.traceId)).not.toContain(returningTrace);
        expect(attackersOrders.map((order) => order.traceId)).not.toContain(freshTrace);
      } finally {
        await site.close();
        await returning.context.close();
        await fresh.close();
      }
    });

    test('an Idempotency-Key is its visit’s: another visit using it places its own order', async ({ playwright }) => {
      const victim = await playwright.request.newContext({ baseURL: SHOP_URL });
      const attacker = await playwright.request.newContext({ baseURL: SHOP_URL });
      try {
        const key = `stolen-${Date.now()}`;
        const victimOrder = (await (
          await victim.post('/api/orders', { headers: { 'idempotency-key': key }, data: SAMPLE_ORDER })
        ).json()) as { id: string; traceId: string };
        await visitOf(attacker);
        const replay = await attacker.post('/api/orders', { headers: { 'idempotency-key': key }, data: SAMPLE_ORDER });
        expect(replay.status()).toBe(201);
        expect(replay.headers()['idempotent-replayed']).toBeUndefined();
        const attackerOrder = (await replay.json()) as { id: string; traceId: string };
        expect(attackerOrder.id).not.toBe(victimOrder.id);
        expect(attackerOrder.traceId).not.toBe(victimOrder.traceId);
      } finally {
        await victim.dispose();
        await attacker.dispose();
      }
    });
  });

  test.describe('a trace belongs to its visit', () => {
    test('another visitor cannot read it, nor can a page with another Host, nor a caller from elsewhere', async ({
      browser,
      request,
    }) => {
      const victim = await visitor(browser);
      const attacker = await visitor(browser);
      try {
        const traceId = await orderByClick(victim.page);
        await waitForTrace(traceId, isWholeClickedOrder);
        // The victim's own page reads it.
        expect(
          (await victim.page.request.get(`/api/traces/${traceId}`, { headers: { 'sec-fetch-site': 'same-origin' } })).status(),
        ).toBe(200);
        // Another visitor's page, however it asks.
        const fromPage = await attacker.page.evaluate(async (id) => (await fetch(`/api/traces/${id}`)).status, traceId);
        expect(fromPage).toBe(404);
        expect((await attacker.page.goto(`/traces/${traceId}`))?.status()).toBe(404);
        // A page whose DNS name was rebound to this machine.
        expect((await request.get(`/api/traces/${traceId}`, { headers: { host: 'rebound.example:3000' } })).status()).toBe(403);
        // A caller a proxy on this machine passes on from elsewhere.
        expect((await request.get(`/api/traces/${traceId}`, { headers: { 'x-forwarded-for': '203.0.113.7' } })).status()).toBe(
          404,
        );
      } finally {
        await victim.context.close();
        await attacker.context.close();
      }
    });

    test('no one writes into it: not through the relay, not with its session.id, not with its traceparent', async ({
      browser,
      request,
    }) => {
      const victim = await visitor(browser);
      try {
        const traceId = await orderByClick(victim.page);
        const spans = await waitForTrace(traceId, isWholeClickedOrder);
        const click = spans.find((span) => span.name === 'click Place order')!;
        const victimsSession = String(spans.find((span) => span.service === SERVICE_NAMES.web)!.attributes['session.id']);

        // A span in the victim's trace, under the victim's click, claiming an error and a phishing link.
        await visitOf(request);
        const phishing = batchOf([
          {
            traceId,
            parentSpanId: click.spanId,
            name: 'Payment declined – re-enter your card at http://evil.example/pay',
            status: { code: 2, message: 'declined' },
          },
        ]);
        const injected = await relay(request, phishing);
        expect(injected.status()).toBe(403);
        expect(await injected.json()).toMatchObject({ error: { code: 'foreign_trace' } });

        // A trace of the attacker's own that claims the victim's session.id is filed under the attacker's.
        const own = newTraceparent((await visitOf(request)).traceIdPrefix);
        expect(
          (
            await relay(request, batchOf([{ traceId: own.traceId, name: 'claims a session' }], { 'session.id': victimsSession }))
          ).status(),
        ).toBe(200);
        await expect.poll(async () => (await jaeger.getTrace(own.traceId))?.spans.length ?? 0, { timeout: 15_000 }).toBe(1);
        const claimed = Object.values((await jaeger.getTrace(own.traceId))!.processes)[0]!;
        const claimedSession = claimed.tags.find((tag) => tag.key === 'session.id')?.value;
        expect(claimedSession).toMatch(/^[0-9a-f]{32}$/);
        expect(claimedSession).not.toBe(victimsSession);

        // The victim's traceparent on an order starts the attacker's own trace instead.
        const placed = await request.post('/api/orders', {
          headers: { traceparent: `00-${traceId}-${click.spanId}-01` },
          data: SAMPLE_ORDER,
        });
        expect(placed.status()).toBe(201);
        expect(((await placed.json()) as { traceId: string }).traceId).not.toBe(traceId);

        const after = toTraceSpans((await jaeger.getTrace(traceId))!);
        expect(after.map((span) => span.spanId).sort()).toEqual(spans.map((span) => span.spanId).sort());
      } finally {
        await victim.context.close();
      }
    });
  });

  test.describe('the page cannot be framed, and runs under a strict policy', () => {
    test('every page and route sends the security headers', async ({ request }) => {
      for (const route of ['/', '/faults', '/sessions/x', '/api/health', '/api/products', '/api/visit']) {
        const headers = (await request.get(route, { failOnStatusCode: false })).headers();
        expect(headers['x-frame-options'], route).toBe('DENY');
        expect(headers['x-content-type-options'], route).toBe('nosniff');
        expect(headers['referrer-policy'], route).toBe('strict-origin-when-cross-origin');
        expect(headers['permissions-policy'], route).toContain('camera=()');
        expect(headers['content-security-policy'], route).toContain("frame-ancestors 'none'");
      }
      const page = (await request.get('/')).headers()['content-security-policy']!;
      expect(page).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
      expect(page).not.toContain('unsafe-inline');
    });

    test('a page on another port cannot frame the faults panel to switch faults', async ({ page, request }) => {
      const before = await (await request.get('/api/faults')).json();
      const site = await attackerSite(`<iframe src="${SHOP_URL}/faults" style="opacity:0.01" width="800" height="600"></iframe>`);
      try {
        await page.goto(site.url);
        const frame = page.frames().find((candidate) => candidate !== page.mainFrame())!;
        await page.waitForTimeout(500);
        expect(await frame.locator('button').count()).toBe(0);
        expect(await (await request.get('/api/faults')).json()).toEqual(before);
      } finally {
        await site.close();
      }
    });

    test('a whole visit runs with no violation of the policy: load, order, order again, trace, session, faults, reload', async ({
      page,
    }) => {
      const violations: string[] = [];
      await page.addInitScript(() =>
        document.addEventListener('securitypolicyviolation', (event) =>
          console.error(`csp-violation ${event.violatedDirective} ${event.blockedURI}`),
        ),
      );
      page.on('console', (message) => {
        if (message.text().startsWith('csp-violation')) violations.push(message.text());
      });
      await page.goto('/');
      const traceId = await orderByClick(page);
      await page.getByTestId('recent-orders').getByRole('button', { name: 'Order again' }).first().click();
      await expect(page.getByTestId('trace-id')).not.toHaveText(traceId);
      await page.goto(`/traces/${traceId}`);
      await expect(page.getByTestId('trace-status')).toHaveAttribute('data-phase', 'complete', { timeout: 30_000 });
      await page.getByRole('link', { name: 'This visit’s traces' }).click();
      await page.goto('/faults');
      await page.reload();
      await page.goto('/no-such-page');
      expect(violations).toEqual([]);
    });
  });

  test('visitors see names, never e-mail addresses', async ({ request }) => {
    const users = (await (await request.get('/api/users')).json()) as { users: Record<string, unknown>[] };
    expect(users.users.length).toBeGreaterThan(0);
    for (const user of users.users) expect(Object.keys(user).sort()).toEqual(['id', 'name']);
    expect(await (await request.get('/')).text()).not.toMatch(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/);
  });
}
