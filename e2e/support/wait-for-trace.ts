import {
  analyseTrace,
  hasExpectedServices,
  isWholeTrace,
  JaegerQueryClient,
  jaegerSpanReader,
  pollTrace,
  renderTraceTree,
  type TracePollOptions,
  type TraceSpan,
} from '@threadline/traces';
import { JAEGER_QUERY_URL } from './stack-urls';
import { SERVICE_NAMES } from '@threadline/stack-layout';

export const jaeger = new JaegerQueryClient(JAEGER_QUERY_URL);

/**
 * Waits until `isReady` holds for the trace in Jaeger (see pollTrace) and returns its spans. On
 * timeout the error shows the tree as it stood, which says which hop is missing.
 */
export async function waitForTrace(
  traceId: string,
  isReady: (spans: TraceSpan[]) => boolean,
  {
    timeoutMs = 20_000,
    intervalMs,
    quietMs,
    client = jaeger,
  }: Partial<Pick<TracePollOptions, 'timeoutMs' | 'intervalMs' | 'quietMs'>> & { client?: JaegerQueryClient } = {},
): Promise<TraceSpan[]> {
  const { spans, ready } = await pollTrace(jaegerSpanReader(client, traceId), isReady, { timeoutMs, intervalMs, quietMs });
  if (ready) return spans;
  throw new Error(
    `trace ${traceId} was not ready in Jaeger within ${timeoutMs / 1000} s; it held ${spans.length} spans:\n${renderTraceTree(spans)}`,
  );
}

/** Ready when every expected service has reported and no span waits for a parent. */
export function hasServicesAndIsWhole(services: readonly string[]) {
  return (spans: TraceSpan[]): boolean => isWholeTrace(analyseTrace(spans), { expectedServices: services });
}

/**
 * Ready when each named service has reported, the user API's query is in (the deepest hop) and so is
 * the web tier's server span (it ends last, so it may come in a later batch than its children).
 * Deliberately not "whole": most callers send a `traceparent` whose parent never reaches Jaeger and
 * check that one missing parent themselves.
 */
export function reachedUserApiQuery(services: readonly string[] = [SERVICE_NAMES.web, SERVICE_NAMES.userApi]) {
  return (spans: TraceSpan[]): boolean =>
    hasExpectedServices(analyseTrace(spans), services) &&
    spans.some((span) => span.name === 'SELECT users') &&
    spans.some(isWebServerSpan);
}

export function isWebServerSpan(span: TraceSpan): boolean {
  return span.service === SERVICE_NAMES.web && span.kind === 'server';
}

/** The three services of an order placed by clicking in the page. */
export const ALL_SERVICES: readonly string[] = [SERVICE_NAMES.browser, SERVICE_NAMES.web, SERVICE_NAMES.userApi];

/** Ready when an order clicked in the page is whole in Jaeger, from the click down to the user API's query. */
export function isWholeClickedOrder(spans: TraceSpan[]): boolean {
  return hasServicesAndIsWhole(ALL_SERVICES)(spans) && spans.some((span) => span.name === 'SELECT users');
}
