import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Locator, type Page, type Request, type Response } from '@playwright/test';
import { isErrorBody } from '@threadline/service-kit';
import { parseTraceContextHeader } from '@threadline/traces';
import { CHROMIUM_ARGS, chromiumExecutablePath } from '../../../scripts/lib/chromium';
import { orderIdOf, type LoadTally } from './tally';

/** Room between clicks, so the browser's orders spread over the run instead of landing at once. */
const PAUSE_BETWEEN_CLICKS_MS = 1000;
/** A click that has sent no order request by then never will: the page did something else with it. */
const FIRST_REQUEST_TIMEOUT_MS = 15_000;
/**
 * The page's last answer comes within its three attempts (lib/browser/shop-api.ts), each of which
 * the balancer ends within its server timeout (60 s in deploy/team/haproxy.cfg).
 */
const OUTCOME_TIMEOUT_MS = 3 * 60_000 + 5000;

const isOrderRequest = (request: Request) => request.method() === 'POST' && new URL(request.url()).pathname === '/api/orders';

/**
 * What the page did for one click, with times from the click: its order requests, their answers and
 * failures, and navigations. Said when a click goes wrong, so the run's log tells why.
 */
class ClickLog {
  readonly answers: Response[] = [];
  readonly failures: Request[] = [];
  private readonly lines: string[] = [];
  private readonly clickedAt = performance.now();

  constructor(private readonly page: Page) {
    page.on('request', this.onRequest);
    page.on('response', this.onResponse);
    page.on('requestfailed', this.onRequestFailed);
    page.on('framenavigated', this.onNavigated);
  }

  stop(): void {
    this.page.off('request', this.onRequest);
    this.page.off('response', this.onResponse);
    this.page.off('requestfailed', this.onRequestFailed);
    this.page.off('framenavigated', this.onNavigated);
  }

  describe(): string {
    return this.lines.length > 0 ? this.lines.join('; ') : 'nothing';
  }

  private say(line: string): void {
    this.lines.push(`+${Math.round(performance.now() - this.clickedAt)} ms ${line}`);
  }

  private readonly onRequest = (request: Request) => {
    if (isOrderRequest(request)) this.say('order request sent');
  };

  private readonly onResponse = (response: Response) => {
    if (!isOrderRequest(response.request())) return;
    this.answers.push(response);
    this.say(`answer ${response.status()} from ${response.headers()['x-served-by'] ?? 'an unnamed server'}`);
  };

  private readonly onRequestFailed = (request: Request) => {
    if (!isOrderRequest(request)) return;
    this.failures.push(request);
    this.say(`order request failed: ${request.failure()?.errorText ?? 'no reason given'}`);
  };

  private readonly onNavigated = (frame: ReturnType<Page['mainFrame']>) => {
    if (frame === this.page.mainFrame()) this.say(`page went to ${frame.url()}`);
  };
}

/** How long a loaded page may take to come alive (React hydrated, Place order enabled). */
const PAGE_ALIVE_TIMEOUT_MS = 15_000;
/** Loads of the page before the tool gives up on it. */
const PAGE_LOADS = 3;

/**
 * Opens the shop until its Place order button is enabled, which it is once React runs the page
 * (app/components/OrderForm.tsx). A replica killed while it served one of the page's scripts leaves
 * a page that never comes alive; a person reloads it, and so does this, saying why.
 */
async function openShop(page: Page, shopUrl: URL, placeOrder: Locator): Promise<void> {
  const problems: string[] = [];
  const onFailed = (request: Request) => problems.push(`${request.url()} failed: ${request.failure()?.errorText ?? 'no reason'}`);
  const onResponse = (response: Response) => {
    if (response.status() >= 500) problems.push(`${response.url()} answered ${response.status()}`);
  };
  page.on('requestfailed', onFailed);
  page.on('response', onResponse);
  try {
    for (let load = 1; ; load += 1) {
      problems.length = 0;
      await page.goto(shopUrl.href);
      if (await becameEnabled(placeOrder, PAGE_ALIVE_TIMEOUT_MS)) return;
      const why = `the shop's page was not alive ${PAGE_ALIVE_TIMEOUT_MS / 1000} s after load ${load} (${problems.join('; ') || 'no failed request'})`;
      if (load >= PAGE_LOADS) throw new Error(why);
      console.error(`[load] ${why}: loading it again`);
    }
  } finally {
    page.off('requestfailed', onFailed);
    page.off('response', onResponse);
  }
}

async function becameEnabled(locator: Locator, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    // Bounded, so that a page without the button cannot stall a call past the deadline.
    if (await locator.isEnabled({ timeout: 1000 }).catch(() => false)) return true;
    await sleep(100);
  }
  return false;
}

/**
 * Places `count` orders by clicking "Place order" in the shop's page, in the Chromium the e2e suite
 * uses (scripts/lib/chromium.ts). Each is a whole trace from the click on, which API orders are not.
 * The outcome is read from the order requests the page made, so a failed order counts too.
 */
export async function placeBrowserOrders(shopUrl: URL, count: number, tally: LoadTally): Promise<void> {
  const browser = await chromium.launch({ executablePath: chromiumExecutablePath(), args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const placeOrder = page.getByRole('button', { name: 'Place order', exact: true });
    await openShop(page, shopUrl, placeOrder);
    for (let index = 0; index < count; index += 1) {
      if (index > 0) await sleep(PAUSE_BETWEEN_CLICKS_MS);
      const started = performance.now();
      const sentAtMs = Date.now();
      const log = new ClickLog(page);
      try {
        // Watched before the click, and settled either way, so a click that fails cannot leave it unhandled.
        const requestSent = page.waitForRequest(isOrderRequest, { timeout: FIRST_REQUEST_TIMEOUT_MS }).then(
          () => true,
          () => false,
        );
        await placeOrder.click();
        if (!(await requestSent)) {
          throw new Error(`click ${index + 1} sent no order request in ${FIRST_REQUEST_TIMEOUT_MS / 1000} s: ${log.describe()}`);
        }
        // The button reads "Placing order…" from the click until the page has its final answer; the
        // page sends an order again while its outcome is unknown, and the last answer is the one it shows.
        await placeOrder.waitFor({ state: 'visible', timeout: OUTCOME_TIMEOUT_MS }).catch(() => {
          throw new Error(`click ${index + 1} showed no outcome in ${OUTCOME_TIMEOUT_MS / 1000} s: ${log.describe()}`);
        });
      } finally {
        log.stop();
      }
      const response = log.answers.at(-1);
      if (!response) {
        if (log.failures.length === 0) throw new Error(`click ${index + 1} ended without an order request: ${log.describe()}`);
        console.error(`[load] browser order ${index + 1} got no answer: ${log.describe()}`);
        tally.record({
          status: 'network_error',
          code: undefined,
          latencyMs: performance.now() - started,
          sentAtMs,
          traceId: '',
          sessionId: undefined,
          sampled: false,
          via: 'browser',
          attempts: log.failures.length,
        });
        continue;
      }
      const body: unknown = await response.json().catch(() => undefined);
      const traceContext = parseTraceContextHeader(await response.headerValue('traceresponse'));
      if (response.status() !== 201) console.error(`[load] browser order ${index + 1}: ${log.describe()}`);
      tally.record({
        status: response.status(),
        code: isErrorBody(body) ? body.error.code : undefined,
        latencyMs: performance.now() - started,
        sentAtMs,
        traceId: traceContext?.traceId ?? '',
        // The page knows its visit; the tool reads orders off the wire and does not.
        sessionId: undefined,
        sampled: traceContext?.sampled ?? false,
        via: 'browser',
        attempts: log.answers.length + log.failures.length,
        orderId: response.status() === 201 ? orderIdOf(body) : undefined,
        servedBy: response.headers()['x-served-by'],
      });
    }
  } finally {
    await browser.close();
  }
}
