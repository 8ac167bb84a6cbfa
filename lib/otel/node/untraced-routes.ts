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

/** Drops spans of untraced paths before any other sampling rule; everything else goes to `delegate`. */
export class UntracedRoutesSampler implements Sampler {
  constructor(
    private readonly delegate: Sampler,
    private readonly prefixes: readonly string[] = UNTRACED_PATH_PREFIXES,
  ) {}

  shouldSample(
    context: Context,
    traceId: string,
    spanName: string,
    spanKind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    if (isUntracedPath(requestPathOf(attributes), this.prefixes)) {
      return { decision: SamplingDecision.NOT_RECORD };
    }
    return this.delegate.shouldSample(context, traceId, spanName, spanKind, attributes, links);
  }

  toString(): string {
    return `UntracedRoutesSampler{${this.delegate.toString()}}`;
  }
}
