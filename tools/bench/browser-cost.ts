import type { Browser } from '@playwright/test';
import type { IsolatedStack } from '../../scripts/lib/isolated-stack';
import { measureChunks, measurePageLoad } from './browser';
import { fmt, type BenchSizes, type TableRow } from './harness';
import { median } from './stats';

/**
 * What browser tracing costs the shopper: tracing code must stay out of the first load (it is loaded
 * lazily, after the page), and page loads are timed on both stacks, alternating.
 */
export async function measureBrowserCost(
  browser: Browser,
  on: IsolatedStack,
  off: IsolatedStack,
  sizes: Pick<BenchSizes, 'pageLoads'>,
): Promise<TableRow[]> {
  console.log('Browser cost: chunks and page loads');
  const rows: TableRow[] = [];
  const chunks = await measureChunks(browser, on.shopUrl);
  rows.push({
    measure: 'Tracing code in first-load JavaScript (gzip bytes)',
    on: `${chunks.firstLoadTracingGzipBytes} of ${chunks.firstLoadTotalGzipBytes}`,
    off: '—',
    result: `${chunks.firstLoadTracingGzipBytes} B`,
    target: '0 B',
    met: chunks.firstLoadTracingGzipBytes === 0,
  });
  rows.push({
    measure: 'Lazily loaded tracing chunk(s) (gzip bytes)',
    on: `${chunks.lazyTracingGzipBytes} in ${chunks.lazyTracingChunks} chunk(s)`,
    off: '—',
    result: `${fmt(chunks.lazyTracingGzipBytes / 1024)} kB`,
    target: '≤ 28 kB',
    met: chunks.lazyTracingGzipBytes <= 28 * 1024 && chunks.lazyTracingChunks > 0,
  });
  const loadsOn: number[] = [];
  const loadsOff: number[] = [];
  for (let load = 0; load < sizes.pageLoads; load += 1) {
    loadsOff.push(await measurePageLoad(browser, off.shopUrl));
    loadsOn.push(await measurePageLoad(browser, on.shopUrl));
  }
  const ratio = median(loadsOn) / median(loadsOff);
  rows.push({
    measure: `Page load, loadEventEnd median of ${sizes.pageLoads} (ms)`,
    on: fmt(median(loadsOn)),
    off: fmt(median(loadsOff)),
    result: `ratio ${fmt(ratio, 3)}`,
    target: '—',
    met: undefined,
  });
  return rows;
}
