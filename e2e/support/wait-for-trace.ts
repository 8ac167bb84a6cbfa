import { JaegerQueryClient, type JaegerTrace } from '../../lib/traces/jaeger-api';
import { analyseTrace, renderTraceTree, toTraceSpans, type TraceSpan } from '../../lib/traces/trace-tree';
import { JAEGER_QUERY_URL } from './stack-urls';

export const jaeger = new JaegerQueryClient(JAEGER_QUERY_URL);

/**
 * Jaeger stores spans asynchronously and each service exports on its own schedule, so the suite
 * polls until `isReady` holds, within a deadline, and then returns the spans as Jaeger has them.
 * On timeout the error shows the tree as it stood, which says which hop is missing.
 */
export async function waitForTrace(
  traceId: string,
  isReady: (spans: TraceSpan[]) => boolean,
  { timeoutMs = 20_000, intervalMs = 250, client = jaeger }: { timeoutMs?: number; intervalMs?: number; client?: JaegerQueryClient } = {},
): Promise<TraceSpan[]> {
  const deadline = Date.now() + timeoutMs;
  let spans: TraceSpan[] = [];
  while (Date.now() < deadline) {
    const trace: JaegerTrace | null = await client.getTrace(traceId).catch(() => null);
    spans = trace ? toTraceSpans(trace) : [];
    if (spans.length > 0 && isReady(spans)) return spans;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(
    `trace ${traceId} was not ready in Jaeger within ${timeoutMs / 1000} s; it held ${spans.length} spans:\n${renderTraceTree(spans)}`,
  );
}

/** Ready when every expected service has reported and no span waits for a parent. */
export function hasServicesAndIsWhole(services: readonly string[]) {
  return (spans: TraceSpan[]): boolean => {
    const shape = analyseTrace(spans);
    return services.every((service) => shape.services.includes(service)) && shape.roots.length === 1 && shape.orphans.length === 0;
  };
}

/** Ready when each named service has reported and the user API's query is in (the deepest hop). */
export function reachedUserApiQuery(services: readonly string[] = ['shop-web', 'user-api']) {
  return (spans: TraceSpan[]): boolean =>
    services.every((service) => spans.some((span) => span.service === service)) && spans.some((span) => span.name === 'SELECT users');
}
