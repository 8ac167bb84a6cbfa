import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Response } from '@playwright/test';
import { isErrorBody } from '@threadline/service-kit';
import { parseTraceContextHeader } from '@threadline/traces';
import { CHROMIUM_ARGS, chromiumExecutablePath } from '../../../scripts/lib/chromium';
import { orderIdOf, type LoadTally } from './tally';

/** Room between clicks, so the browser's orders spread over the run instead of landing at once. */
const PAUSE_BETWEEN_CLICKS_MS = 1000;

/**
 * Places `count` orders by clicking "Place order" in the shop's page, in the Chromium the e2e suite
 * uses (scripts/lib/chromium.ts). Each is a whole trace from the click on, which API orders are not.
 * The outcome is read from the order request the page made, so a failed order counts too.
 */
export async function placeBrowserOrders(shopUrl: URL, count: number, tally: LoadTally): Promise<void> {
  const browser = await chromium.launch({ executablePath: chromiumExecutablePath(), args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.goto(shopUrl.href);
    const placeOrder = page.getByRole('button', { name: 'Place order', exact: true });
    for (let index = 0; index < count; index += 1) {
      if (index > 0) await sleep(PAUSE_BETWEEN_CLICKS_MS);
      const started = performance.now();
      // The page sends an order again while its outcome is unknown (lib/browser/shop-api.ts): the last
      // answer is the one it shows.
      const answers: Response[] = [];
      const onResponse = (answer: Response) => {
        if (answer.request().method() === 'POST' && new URL(answer.url()).pathname === '/api/orders') answers.push(answer);
      };
      page.on('response', onResponse);
      const firstAnswer = page.waitForResponse(
        (answer) => answer.request().method() === 'POST' && new URL(answer.url()).pathname === '/api/orders',
      );
      await placeOrder.click();
      await firstAnswer;
      // The button reads "Placing order…" until the page has its final answer.
      await placeOrder.waitFor({ state: 'visible', timeout: 60_000 });
      page.off('response', onResponse);
      const response = answers.at(-1);
      if (!response) throw new Error('the page showed an outcome without an order request');
      const body: unknown = await response.json().catch(() => undefined);
      const traceContext = parseTraceContextHeader(await response.headerValue('traceresponse'));
      tally.record({
        status: response.status(),
        code: isErrorBody(body) ? body.error.code : undefined,
        latencyMs: performance.now() - started,
        traceId: traceContext?.traceId ?? '',
        // The page knows its visit; the tool reads orders off the wire and does not.
        sessionId: undefined,
        sampled: traceContext?.sampled ?? false,
        via: 'browser',
        orderId: response.status() === 201 ? orderIdOf(body) : undefined,
      });
    }
  } finally {
    await browser.close();
  }
}
