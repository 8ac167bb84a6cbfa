import { SamplingDecision, type Sampler, type SamplingResult } from '@opentelemetry/sdk-trace-base';
import type { Attributes, Context, Link, SpanKind } from '@opentelemetry/api';

/**
 * Paths whose requests are plumbing, not shop traffic: the browser's span export endpoint (tracing it
 * would trace every export, forever), the trace view's polls of Jaeger, and health probes.
 */
export const UNTRACED_PATH_PREFIXES: readonly string[] = ['/otlp/', '/api/traces/', '/api/health'];

/** The request path of a server span at sampling time, from Next.js's `http.target` or `url.path`. */
export function requestPathOf(attributes: Attributes): string | undefined {
  const target = attributes['url.path'] ?? attributes['http.target'];
  if (typeof target !== 'string') return undefined;
  const queryStart = target.indexOf('?');
  return queryStart === -1 ? target : target.slice(0, queryStart);
}

export function isUntracedPath(path: string | undefined, prefixes: readonly string[] = UNTRACED_PATH_PREFIXES): boolean {
  if (path === undefined) return false;
  return prefixes.some((prefix) => path.startsWith(prefix));
}

/**
 * Next.js's own bookkeeping spans: module loading and response start. None has an application span
 * below it, they make up a third of an order's spans, and they cost throughput (docs/benchmarks.md).
 * THREADLINE_NEXT_INTERNAL_SPANS=true keeps them.
 */
export const NEXT_BOOKKEEPING_SPANS: readonly string[] = [
  'resolve page components',
  'load route module',
  'prepare route module',
  'load app route module',
  'start response',
  'load instrumentation module',
  'register instrumentation',
];

/**
 * Drops spans of untraced paths, and Next.js's bookkeeping spans, before any other sampling rule;
 * everything else goes to `delegate`. A dropped span's children are dropped with it (they see an
 * unsampled parent), so nothing is left without its parent.
 */
export class UntracedRoutesSampler implements Sampler {
  private readonly droppedNames: ReadonlySet<string>;

  constructor(
    private readonly delegate: Sampler,
    {
      prefixes = UNTRACED_PATH_PREFIXES,
      droppedSpanNames = NEXT_BOOKKEEPING_SPANS,
    }: { prefixes?: readonly string[]; droppedSpanNames?: readonly string[] } = {},
  ) {
    this.prefixes = prefixes;
    this.droppedNames = new Set(droppedSpanNames);
  }

  private readonly prefixes: readonly string[];

  shouldSample(
    context: Context,
    traceId: string,
    spanName: string,
    spanKind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    if (this.droppedNames.has(spanName) || isUntracedPath(requestPathOf(attributes), this.prefixes)) {
      return { decision: SamplingDecision.NOT_RECORD };
    }
    return this.delegate.shouldSample(context, traceId, spanName, spanKind, attributes, links);
  }

  toString(): string {
    return `UntracedRoutesSampler{${this.delegate.toString()}}`;
  }
}
