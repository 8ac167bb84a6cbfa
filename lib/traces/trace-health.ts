import { analyseTrace, isWholeTrace, type TraceSpan } from './trace-tree';

export interface TraceHealth {
  services: string[];
  spanCount: number;
  rootCount: number;
  missingParentCount: number;
  errorCount: number;
  /** One root and no span waiting for a parent. */
  whole: boolean;
}

export function traceHealth(spans: readonly TraceSpan[]): TraceHealth {
  const shape = analyseTrace(spans);
  return {
    services: shape.services,
    spanCount: shape.spanCount,
    rootCount: shape.roots.length,
    missingParentCount: shape.orphans.length,
    errorCount: spans.filter((span) => span.status === 'ERROR').length,
    whole: isWholeTrace(shape),
  };
}

/** "1 root, 0 missing parents, 3 services": the line a complete order trace reads as. */
export function describeTraceHealth(health: TraceHealth): string {
  const plural = (count: number, word: string, words: string) => `${count} ${count === 1 ? word : words}`;
  return [
    plural(health.rootCount, 'root', 'roots'),
    plural(health.missingParentCount, 'missing parent', 'missing parents'),
    plural(health.services.length, 'service', 'services'),
  ].join(', ');
}

/**
 * Whether the view can stop waiting: the trace is whole, every expected service has reported, and
 * the span count held still between two polls (services export on their own schedules).
 */
export function isSettledTrace(spans: readonly TraceSpan[], previousSpanCount: number, expectedServices: readonly string[]): boolean {
  const health = traceHealth(spans);
  return (
    health.whole &&
    expectedServices.every((service) => health.services.includes(service)) &&
    spans.length > 0 &&
    spans.length === previousSpanCount
  );
}
