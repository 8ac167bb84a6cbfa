import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutablePath } from '../../scripts/lib/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumExecutablePath(), args: CHROMIUM_ARGS });
}

/**
 * Strings that only OpenTelemetry's browser packages put in a bundle (minifiers keep string
 * literals): a chunk holding any of them carries tracing code.
 */
const TRACING_MARKERS = ['documentFetch', 'OTLPExporterError', 'traceparent', 'BatchSpanProcessor', 'ParentBased{'];

export interface ChunkCost {
  firstLoadTracingGzipBytes: number;
  firstLoadTotalGzipBytes: number;
  lazyTracingGzipBytes: number;
  lazyTracingChunks: number;
}

/** Loads the shop and sorts its JavaScript into what the first load needed and what came later. */
export async function measureChunks(browser: Browser, shopUrl: string): Promise<ChunkCost> {
  const page = await browser.newPage();
  const scripts: { url: string; body: Buffer; afterLoad: boolean }[] = [];
  let loaded = false;
  page.on('response', async (response) => {
    if (response.request().resourceType() !== 'script') return;
    const afterLoad = loaded;
    scripts.push({ url: response.url(), body: await response.body().catch(() => Buffer.alloc(0)), afterLoad });
  });
  await page.goto(shopUrl, { waitUntil: 'load' });
  loaded = true;
  await page.waitForFunction(
    () => performance.getEntriesByType('resource').some((entry) => entry.name.includes('/otlp/v1/traces')),
    undefined,
    { timeout: 15_000 },
  );
  await page.close();
  const gz = (body: Buffer) => gzipSync(body).byteLength;
  const hasTracing = (body: Buffer) => TRACING_MARKERS.some((marker) => body.includes(marker));
  const first = scripts.filter((script) => !script.afterLoad);
  const lazy = scripts.filter((script) => script.afterLoad && hasTracing(script.body));
  return {
    firstLoadTracingGzipBytes: first
      .filter((script) => hasTracing(script.body))
      .reduce((sum, script) => sum + gz(script.body), 0),
    firstLoadTotalGzipBytes: first.reduce((sum, script) => sum + gz(script.body), 0),
    lazyTracingGzipBytes: lazy.reduce((sum, script) => sum + gz(script.body), 0),
    lazyTracingChunks: lazy.length,
  };
}

/** loadEventEnd of one fresh page load, in ms, from Navigation Timing. */
export async function measurePageLoad(browser: Browser, shopUrl: string): Promise<number> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(shopUrl, { waitUntil: 'load' });
  const loadMs = await page.evaluate(() => {
    const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
    return navigation!.loadEventEnd;
  });
  await context.close();
  return loadMs;
}
