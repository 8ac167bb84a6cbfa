import { JaegerQueryClient } from '../../lib/traces/jaeger-api';
import { pollTrace, type TracePollOptions } from '../../lib/traces/poll-trace';
import { analyseTrace, renderTraceTree, type TraceSpan } from '../../lib/traces/trace-tree';
import { JAEGER_QUERY_URL } from './stack-urls';

export const jaeger = new JaegerQueryClient(JAEGER_QUERY_URL);

/**
 * Waits until `isReady` holds for the trace in Jaeger (see pollTrace) and returns its spans. On
 * timeout the error shows the tree as it stood, which says which hop is missing.
 */
export async function waitForTrace(
  traceId: string,
  isReady: (spans: TraceSpan[]) => boolean,
  { timeoutMs = 20_000, intervalMs, quietMs, client = jaeger }: Partial<TracePollOptions> & { client?: JaegerQueryClient } = {},
): Promise<TraceSpan[]> {
  const { spans, ready } = await pollTrace(client, traceId, isReady, { timeoutMs, intervalMs, quietMs });
  if (ready) return spans;
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

/**
 * Ready when each named service has reported, the user API's query is in (the deepest hop) and so is
 * the web tier's server span (it ends last, so it may come in a later batch than its children).
 */
export function reachedUserApiQuery(services: readonly string[] = ['shop-web', 'user-api']) {
  return (spans: TraceSpan[]): boolean =>
    services.every((service) => spans.some((span) => span.service === service)) &&
    spans.some((span) => span.name === 'SELECT users') &&
    spans.some(isWebServerSpan);
}

export function isWebServerSpan(span: TraceSpan): boolean {
  return span.service === 'shop-web' && span.kind === 'server';
}
