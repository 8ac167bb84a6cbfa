import { toTraceSpans } from '@threadline/traces';
import type { IsolatedStack } from '../../scripts/lib/isolated-stack';
import { fmt, ORDER, type BenchSizes, type TableRow } from './harness';
import { runHttpBurst } from './http-burst';
import { prometheusSum } from './stats';

/** Well under what the order path sustains with tracing on, so a loss is the span pipeline's, not an overloaded shop's. */
const STEADY_RATE = 100;

/**
 * Whether every span made at a steady rate reaches Jaeger: the services' own counters against
 * Jaeger's, and every order's trace looked up afterwards.
 */
export async function measureLossUnderLoad(stack: IsolatedStack, sizes: Pick<BenchSizes, 'steadySeconds'>): Promise<TableRow> {
  const { steadySeconds } = sizes;
  console.log(`Loss under load: ${STEADY_RATE} orders/s for ${steadySeconds} s`);
  const scrape = async (url: string, metric: string) => prometheusSum(await (await fetch(url)).text(), metric);
  // Created: sampled spans that ended in either service (their own counters); stored: what Jaeger's
  // storage exporter wrote (Jaeger's own counter). Both are totals over the same window.
  const counts = async () => ({
    created:
      (await scrape(stack.metricsUrl('web'), 'threadline_tracing_spans_ended_total')) +
      (await scrape(stack.metricsUrl('user-api'), 'threadline_tracing_spans_ended_total')),
    dropped:
      (await scrape(stack.metricsUrl('web'), 'threadline_tracing_spans_dropped_total')) +
      (await scrape(stack.metricsUrl('user-api'), 'threadline_tracing_spans_dropped_total')),
    stored: await scrape(`http://127.0.0.1:${stack.settings.jaeger.metricsPort}/metrics`, 'otelcol_exporter_sent_spans_total'),
  });
  // The stack may still be exporting what earlier measurements made: start counting once nothing moves.
  const settled = async () => {
    let previous = await counts();
    for (let waited = 0; waited < 30; waited += 1) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const next = await counts();
      if (next.stored === previous.stored && next.created === previous.created) return next;
      previous = next;
    }
    throw new Error('spans were still arriving at Jaeger 30 s after the last load');
  };
  const traceIds: string[] = [];
  const before = await settled();
  const load = await runHttpBurst({
    url: `${stack.shopUrl}/api/orders`,
    method: 'POST',
    body: ORDER,
    connections: 20,
    durationSeconds: steadySeconds,
    overallRate: STEADY_RATE,
    onTraceId: (traceId) => traceIds.push(traceId),
  });
  // Past the batch delays of both services (500 ms) and of Jaeger.
  const after = await settled();
  const created = after.created - before.created;
  const stored = after.stored - before.stored;
  const dropped = after.dropped - before.dropped;
  // Every trace an answer named must be in Jaeger, down to the user API's query.
  let found = 0;
  let incomplete = 0;
  for (let index = 0; index < traceIds.length; index += 50) {
    const traces = await Promise.all(
      traceIds.slice(index, index + 50).map((traceId) => stack.jaeger.getTrace(traceId).catch(() => null)),
    );
    for (const trace of traces) {
      if (!trace) continue;
      found += 1;
      if (!toTraceSpans(trace).some((span) => span.name === 'SELECT users')) incomplete += 1;
    }
  }
  console.log(
    `  ${load.completed} orders (${load.failed} failed) at ${fmt(load.requestsPerSecond)}/s; ${created} spans created, ${stored} stored by Jaeger, ${dropped} dropped; ${found} order traces found, ${incomplete} incomplete`,
  );
  return {
    measure: `Spans lost at ${STEADY_RATE} orders/s for ${steadySeconds} s`,
    on: `${created} created, ${stored} stored`,
    off: '—',
    result: `${created - stored} lost; ${found} traces, ${incomplete} incomplete`,
    target: '0',
    met: created === stored && dropped === 0 && incomplete === 0 && load.failed === 0 && found >= load.completed,
  };
}

/** The tracing pipeline's own counters, summed over both services of a stack. */
export interface ExportCounts {
  ended: number;
  exported: number;
  dropped: number;
}

export async function exportCounts(stack: IsolatedStack): Promise<ExportCounts> {
  // Past the batch delay (500 ms), so that every span that ended has been exported or given up.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const pages = await Promise.all(
    (['web', 'user-api'] as const).map(async (service) => (await fetch(stack.metricsUrl(service))).text()),
  );
  const sum = (metric: string) => pages.reduce((total, page) => total + prometheusSum(page, metric), 0);
  return {
    ended: sum('threadline_tracing_spans_ended_total'),
    exported: sum('threadline_tracing_spans_exported_total'),
    dropped: sum('threadline_tracing_spans_dropped_total'),
  };
}

/**
 * What happened to the spans made while rounds drove the stack as fast as it goes: a collector that
 * cannot keep up fills the export queue, and the spans dropped there made tracing look cheaper.
 * Every span must be accounted for, exported or counted as dropped.
 */
export function exportRow(label: string, before: ExportCounts, after: ExportCounts): TableRow {
  const ended = after.ended - before.ended;
  const exported = after.exported - before.exported;
  const dropped = after.dropped - before.dropped;
  const unaccounted = ended - exported - dropped;
  return {
    measure: `Spans made at full load, ${label}`,
    on: `${ended} ended: ${exported} exported, ${dropped} dropped (queue full)`,
    off: '—',
    result: `${unaccounted} unaccounted`,
    target: '0 unaccounted',
    met: unaccounted === 0,
  };
}
