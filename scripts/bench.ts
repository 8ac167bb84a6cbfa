/**
 * npm run bench: what tracing costs, measured with tracing on and off in the same run (alternating),
 * on the production build, against isolated stacks on loopback. Prints one table and writes it, with
 * the machine, the versions and the command, to docs/benchmarks.md. Not part of npm test.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from '@playwright/test';
import packageJson from '../package.json';
import { analyseTrace, toTraceSpans } from '../lib/traces/trace-tree';
import { launchBrowser, measureChunks, measurePageLoad } from './bench/browser';
import { runLoad, type LoadResult } from './bench/load';
import { median, percentile, prometheusSum, residentMiB } from './bench/stats';
import { IsolatedStack } from './lib/isolated-stack';
import { appEnv, startUserApi } from './lib/stack-services';

const repoRoot = path.resolve(__dirname, '..');
const quick = process.argv.includes('--quick');
const ORDER = { userId: '1', items: [{ sku: 'TL-MUG', quantity: 1 }] };
const CONNECTIONS = 8;
/** Orders placed before memory is read: the same number with tracing on and off. */
const ORDERS_PER_ROUND = quick ? 500 : 2000;
const THROUGHPUT_SECONDS = quick ? 4 : 10;
const ROUNDS = quick ? 1 : 2;
const CLICKS = quick ? 5 : 20;
const PAGE_LOADS = quick ? 4 : 12;
const STEADY_RATE = 100;
const STEADY_SECONDS = quick ? 10 : 60;

interface Row {
  measure: string;
  on: string;
  off: string;
  result: string;
  target: string;
  met: boolean | undefined;
}
const rows: Row[] = [];
const fmt = (value: number, digits = 1) => value.toFixed(digits);

function stackFor(tracing: boolean, round: number): IsolatedStack {
  const off = { OTEL_SDK_DISABLED: 'true' };
  return new IsolatedStack(`bench-${tracing ? 'on' : 'off'}-${round}`, tracing ? 600 : 650, tracing ? {} : { web: off, 'user-api': off });
}

interface RoundResult {
  orders: LoadResult;
  userApi: LoadResult;
  webMiB: number;
  userApiMiB: number;
}

/** One round for one variant: warm up, then a fixed number of orders, the user API alone, and memory. */
async function orderRound(tracing: boolean, round: number): Promise<RoundResult> {
  const stack = stackFor(tracing, round);
  await stack.startAll();
  try {
    // A fixed number of orders first (which also warms up both services), then memory is read.
    await runLoad({ url: `${stack.shopUrl}/api/orders`, method: 'POST', body: ORDER, connections: CONNECTIONS, amount: ORDERS_PER_ROUND });
    // Let the batch processors drain first, so spans waiting for export are not counted as "used".
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const webMiB = residentMiB(stack.pid('web')!);
    const userApiMiB = residentMiB(stack.pid('user-api')!);
    const orders = await runLoad({ url: `${stack.shopUrl}/api/orders`, method: 'POST', body: ORDER, connections: CONNECTIONS, durationSeconds: THROUGHPUT_SECONDS });
    const userApi = await runLoad({ url: `${stack.userApiUrl}/users/1`, connections: CONNECTIONS, durationSeconds: THROUGHPUT_SECONDS });
    console.log(`  round ${round} tracing ${tracing ? 'on ' : 'off'}: ${fmt(orders.requestsPerSecond)} orders/s, p50 ${orders.p50Ms} ms, p99 ${orders.p99Ms} ms; user API ${fmt(userApi.requestsPerSecond)} req/s; RSS web ${fmt(webMiB)} MiB, user-api ${fmt(userApiMiB)} MiB`);
    if (orders.failed > 0 || userApi.failed > 0) throw new Error(`requests failed during the round (${orders.failed} orders, ${userApi.failed} user lookups)`);
    return { orders, userApi, webMiB, userApiMiB };
  } finally {
    await stack.stopAll();
  }
}

async function orderPathAndMemory(): Promise<void> {
  console.log(`Order path: ${ROUNDS} rounds per variant, alternating; ${ORDERS_PER_ROUND} orders, then ${THROUGHPUT_SECONDS} s of orders and ${THROUGHPUT_SECONDS} s of user lookups, ${CONNECTIONS} connections`);
  const on: RoundResult[] = [];
  const off: RoundResult[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    off.push(await orderRound(false, round));
    on.push(await orderRound(true, round));
  }
  const avg = (results: RoundResult[], pick: (result: RoundResult) => number) => results.reduce((sum, result) => sum + pick(result), 0) / results.length;
  const ratio = avg(on, (r) => r.orders.requestsPerSecond) / avg(off, (r) => r.orders.requestsPerSecond);
  rows.push({
    measure: 'Order path throughput (orders/s)',
    on: fmt(avg(on, (r) => r.orders.requestsPerSecond)),
    off: fmt(avg(off, (r) => r.orders.requestsPerSecond)),
    result: `ratio ${fmt(ratio, 3)}`,
    target: '≥ 0.95',
    met: ratio >= 0.95,
  });
  const p50Added = avg(on, (r) => r.orders.p50Ms) - avg(off, (r) => r.orders.p50Ms);
  rows.push({ measure: 'Order path p50 latency (ms)', on: fmt(avg(on, (r) => r.orders.p50Ms)), off: fmt(avg(off, (r) => r.orders.p50Ms)), result: `+${fmt(p50Added, 2)} ms`, target: '≤ +1 ms', met: p50Added <= 1 });
  const p99Added = avg(on, (r) => r.orders.p99Ms) - avg(off, (r) => r.orders.p99Ms);
  rows.push({ measure: 'Order path p99 latency (ms)', on: fmt(avg(on, (r) => r.orders.p99Ms)), off: fmt(avg(off, (r) => r.orders.p99Ms)), result: `+${fmt(p99Added, 2)} ms`, target: '—', met: undefined });
  const userApiRatio = avg(on, (r) => r.userApi.requestsPerSecond) / avg(off, (r) => r.userApi.requestsPerSecond);
  rows.push({ measure: 'User API alone, GET /users/1 (req/s)', on: fmt(avg(on, (r) => r.userApi.requestsPerSecond)), off: fmt(avg(off, (r) => r.userApi.requestsPerSecond)), result: `ratio ${fmt(userApiRatio, 3)}`, target: '—', met: undefined });
  for (const [label, pick] of [['web', (r: RoundResult) => r.webMiB], ['user-api', (r: RoundResult) => r.userApiMiB]] as const) {
    const memoryRatio = avg(on, pick) / avg(off, pick);
    rows.push({ measure: `Memory after ${ORDERS_PER_ROUND} orders, ${label} (MiB RSS)`, on: fmt(avg(on, pick)), off: fmt(avg(off, pick)), result: `ratio ${fmt(memoryRatio, 3)}`, target: '≤ 1.15', met: memoryRatio <= 1.15 });
  }
}

/**
 * Where the user API's tracing cost goes: the same lookups with the SDK off, with the instrumentation
 * on but nothing sampled, with spans exported to a sink that discards them at once, and with spans
 * exported to a real Jaeger on the same two cores.
 */
async function userApiCostBreakdown(): Promise<void> {
  console.log('User API cost breakdown');
  const sink = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => response.end());
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const sinkUrl = `http://127.0.0.1:${(sink.address() as { port: number }).port}`;
  const stack = new IsolatedStack('bench-user-api', 700);
  await stack.start('jaeger');
  const variants: [string, Record<string, string>][] = [
    ['SDK off', { OTEL_SDK_DISABLED: 'true' }],
    ['instrumented, nothing sampled', { OTEL_TRACES_SAMPLER: 'always_off' }],
    ['spans to a discarding sink', { OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl }],
    ['spans to Jaeger on the same cores', {}],
  ];
  const results: number[] = [];
  try {
    for (const [label, env] of variants) {
      const userApi = await startUserApi(stack.settings, appEnv(stack.settings, { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${stack.settings.jaeger.otlpHttpPort}`, ...env }), { echo: false });
      await runLoad({ url: `${stack.userApiUrl}/users/1`, connections: CONNECTIONS, durationSeconds: 2 });
      const load = await runLoad({ url: `${stack.userApiUrl}/users/1`, connections: CONNECTIONS, durationSeconds: THROUGHPUT_SECONDS });
      await userApi.stop();
      results.push(load.requestsPerSecond);
      console.log(`  ${label}: ${fmt(load.requestsPerSecond)} req/s, p50 ${load.p50Ms} ms`);
    }
  } finally {
    sink.close();
    await stack.stopAll();
  }
  const base = results[0]!;
  rows.push({
    measure: 'User API cost breakdown, GET /users/1 (req/s)',
    on: variants.slice(1).map(([label], index) => `${label}: ${fmt(results[index + 1]!, 0)} (${fmt(results[index + 1]! / base, 2)})`).join('; '),
    off: fmt(base, 0),
    result: 'see notes',
    target: '—',
    met: undefined,
  });
}

async function clickToTrace(browser: Browser, stack: IsolatedStack): Promise<void> {
  console.log(`Click to complete trace: ${CLICKS} orders placed in Chromium`);
  const page = await browser.newPage();
  await page.goto(stack.shopUrl);
  const samples: number[] = [];
  for (let click = 0; click < CLICKS; click += 1) {
    const orderRequest = page.waitForRequest((request) => request.method() === 'POST' && request.url().endsWith('/api/orders'));
    const clickedAt = Date.now();
    await page.getByRole('button', { name: 'Place order', exact: true }).click();
    const traceId = (await orderRequest).headers()['traceparent']!.split('-')[1]!;
    for (;;) {
      const trace = await stack.jaeger.getTrace(traceId).catch(() => null);
      const spans = trace ? toTraceSpans(trace) : [];
      const shape = analyseTrace(spans);
      if (['shop-browser', 'shop-web', 'user-api'].every((service) => shape.services.includes(service)) && shape.roots.length === 1 && shape.orphans.length === 0 && spans.some((span) => span.name === 'SELECT users')) break;
      if (Date.now() - clickedAt > 20_000) throw new Error(`trace ${traceId} did not complete within 20 s`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    samples.push(Date.now() - clickedAt);
    await page.getByTestId('order-id').waitFor();
  }
  await page.close();
  const p95 = percentile(samples, 0.95);
  rows.push({ measure: 'Click to complete trace in Jaeger (ms)', on: `p50 ${median(samples)}, p95 ${p95}`, off: '—', result: `p95 ${p95} ms`, target: '≤ 1500 ms', met: p95 <= 1500 });
}

async function browserCost(browser: Browser, on: IsolatedStack, off: IsolatedStack): Promise<void> {
  console.log('Browser cost: chunks and page loads');
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
  for (let load = 0; load < PAGE_LOADS; load += 1) {
    loadsOff.push(await measurePageLoad(browser, off.shopUrl));
    loadsOn.push(await measurePageLoad(browser, on.shopUrl));
  }
  const ratio = median(loadsOn) / median(loadsOff);
  rows.push({ measure: `Page load, loadEventEnd median of ${PAGE_LOADS} (ms)`, on: fmt(median(loadsOn)), off: fmt(median(loadsOff)), result: `ratio ${fmt(ratio, 3)}`, target: '—', met: undefined });
}

async function lossUnderLoad(stack: IsolatedStack): Promise<void> {
  console.log(`Loss under load: ${STEADY_RATE} orders/s for ${STEADY_SECONDS} s`);
  const scrape = async (url: string, metric: string) => prometheusSum(await (await fetch(url)).text(), metric);
  // Created: sampled spans that ended in either service (their own counters); stored: what Jaeger's
  // storage exporter wrote (Jaeger's own counter). Both are totals over the same window.
  const counts = async () => ({
    created: (await scrape(stack.metricsUrl('web'), 'threadline_tracing_spans_ended_total')) + (await scrape(stack.metricsUrl('user-api'), 'threadline_tracing_spans_ended_total')),
    dropped: (await scrape(stack.metricsUrl('web'), 'threadline_tracing_spans_dropped_total')) + (await scrape(stack.metricsUrl('user-api'), 'threadline_tracing_spans_dropped_total')),
    stored: await scrape(`http://127.0.0.1:${stack.settings.jaeger.metricsPort}/metrics`, 'otelcol_exporter_sent_spans_total'),
  });
  const traceIds: string[] = [];
  const before = await counts();
  const load = await runLoad({
    url: `${stack.shopUrl}/api/orders`,
    method: 'POST',
    body: ORDER,
    connections: 20,
    durationSeconds: STEADY_SECONDS,
    overallRate: STEADY_RATE,
    onTraceId: (traceId) => traceIds.push(traceId),
  });
  // Past the batch delays of both services and of Jaeger.
  await new Promise((resolve) => setTimeout(resolve, 5000));
  const after = await counts();
  const created = after.created - before.created;
  const stored = after.stored - before.stored;
  const dropped = after.dropped - before.dropped;
  // autocannon prepares a request or two it never sends when time runs out: count what Jaeger has.
  let found = 0;
  let incomplete = 0;
  for (let index = 0; index < traceIds.length; index += 50) {
    const traces = await Promise.all(traceIds.slice(index, index + 50).map((traceId) => stack.jaeger.getTrace(traceId).catch(() => null)));
    for (const trace of traces) {
      if (!trace) continue;
      found += 1;
      if (!toTraceSpans(trace).some((span) => span.name === 'SELECT users')) incomplete += 1;
    }
  }
  console.log(`  ${load.completed} orders (${load.failed} failed) at ${fmt(load.requestsPerSecond)}/s; ${created} spans created, ${stored} stored by Jaeger, ${dropped} dropped; ${found} order traces found, ${incomplete} incomplete`);
  rows.push({
    measure: `Spans lost at ${STEADY_RATE} orders/s for ${STEADY_SECONDS} s`,
    on: `${created} created, ${stored} stored`,
    off: '—',
    result: `${created - stored} lost; ${found} traces, ${incomplete} incomplete`,
    target: '0',
    met: created === stored && dropped === 0 && incomplete === 0 && load.failed === 0 && found >= load.completed,
  });
}

function table(): string {
  const header = ['Measure', 'Tracing on', 'Tracing off', 'Result', 'Target', 'Met'];
  const lines = rows.map((row) => [row.measure, row.on, row.off, row.result, row.target, row.met === undefined ? '—' : row.met ? 'yes' : 'NO']);
  return [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

function versions(): string {
  const dependency = (name: string) => (packageJson.dependencies as Record<string, string>)[name] ?? (packageJson.devDependencies as Record<string, string>)[name];
  return [
    `- Node.js ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${fmt(os.totalmem() / 2 ** 30, 0)} GiB, ${os.type()} ${os.release()}`,
    `- Next.js ${dependency('next')}, @vercel/otel ${dependency('@vercel/otel')}, OpenTelemetry JS ${dependency('@opentelemetry/sdk-trace-base')} / ${dependency('@opentelemetry/sdk-node')}, Jaeger (module) ${fs.readFileSync(path.join(repoRoot, 'tools/jaeger/go.mod'), 'utf8').match(/jaegertracing\/jaeger (v[\d.]+)/)?.[1]}`,
    `- Load: autocannon ${dependency('autocannon')}, ${CONNECTIONS} connections, on loopback; browser: Chromium via Playwright ${dependency('@playwright/test')}`,
  ].join('\n');
}

async function main(): Promise<void> {
  const started = Date.now();
  await orderPathAndMemory();
  await userApiCostBreakdown();
  const on = stackFor(true, 99);
  const off = stackFor(false, 99);
  const browser = await launchBrowser();
  try {
    await on.startAll();
    // First, while no browser has sent spans that could arrive during the counted window.
    await lossUnderLoad(on);
    await clickToTrace(browser, on);
    await off.startAll();
    await browserCost(browser, on, off);
  } finally {
    await browser.close();
    await Promise.all([on.stopAll(), off.stopAll()]);
  }
  const command = `npm run bench${quick ? ' -- --quick' : ''}`;
  const output = `${table()}\n`;
  console.log(`\n${output}\nTook ${fmt((Date.now() - started) / 1000, 0)} s.`);
  const document = `# Benchmarks\n\nMeasured ${new Date().toISOString().slice(0, 10)} with \`${command}\` (${fmt((Date.now() - started) / 1000, 0)} s), tracing on and off in the same run, alternating, against the production build.\n\n${versions()}\n\n${output}\nHow each figure is made: [scripts/bench.ts](../scripts/bench.ts). Tracing off means \`OTEL_SDK_DISABLED=true\` for both services (and so no browser tracing); Jaeger runs in both cases.\n`;
  const notes = path.join(repoRoot, 'docs', 'benchmarks-notes.md');
  fs.writeFileSync(path.join(repoRoot, 'docs', 'benchmarks.md'), document + (fs.existsSync(notes) ? `\n${fs.readFileSync(notes, 'utf8')}` : ''));
}

let exiting = false;
const stopEverything = async (code: number) => {
  if (exiting) return;
  exiting = true;
  // Child processes outlive a parent that exits: stop every stack this run may have started.
  await Promise.all(IsolatedStack.all().map((stack) => stack.stopAll().catch(() => undefined)));
  process.exit(code);
};
process.on('SIGINT', () => void stopEverything(130));
process.on('unhandledRejection', (error) => {
  console.error(error);
  void stopEverything(1);
});
process.on('SIGTERM', () => void stopEverything(143));

main().then(
  () => stopEverything(0),
  (error: unknown) => {
    console.error(error);
    void stopEverything(1);
  },
);
