import { analyseTrace, continuesRemoteCaller, isWholeTrace, type TraceSpan } from './trace-tree';

export interface TraceHealth {
  services: string[];
  spanCount: number;
  rootCount: number;
  missingParentCount: number;
  errorCount: number;
  /** One root and no span waiting for a parent. */
  whole: boolean;
  /** Started by a caller that exports elsewhere: its server span is the one missing parent. */
  continuesRemoteCaller: boolean;
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
    continuesRemoteCaller: continuesRemoteCaller(shape),
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
 * How long the span set must hold still before the view stops waiting. Each service exports on its
 * own batch schedule (500 ms by default), so one unchanged poll proves nothing; this spans two.
 */
export const QUIET_PERIOD_MS = 1_200;

/**
 * How long an answered outgoing HTTP call may stay without a span under it before the view accepts
 * that the callee is not traced (the doctor's broken-hop case) and shows the trace as it is.
 */
export const UNTRACED_CALLEE_GRACE_MS = 5_000;

/**
 * Outgoing HTTP calls that got an answer but have nothing under them: while these exist, the callee's
 * spans are most likely still on their way, and the trace only looks whole because the missing part
 * is a subtree. (A call that got no answer, refused or timed out, is a failure, not a wait.)
 */
export function callsWithoutCalleeSpans(spans: readonly TraceSpan[]): TraceSpan[] {
  const parentIds = new Set(spans.map((span) => span.parentSpanId));
  return spans.filter(
    (span) =>
      span.kind === 'client' &&
      (span.attributes['http.response.status_code'] !== undefined || span.attributes['http.status_code'] !== undefined) &&
      !parentIds.has(span.spanId),
  );
}

/**
 * Tells, poll after poll, since when (ms since the epoch) the span count has been what it is now:
 * the clock behind QUIET_PERIOD_MS, for the trace view and for pollTrace alike.
 */
export function spanCountClock(): (spanCount: number, nowMs: number) => number {
  let lastCount = -1;
  let sinceMs = 0;
  return (spanCount, nowMs) => {
    if (spanCount !== lastCount) {
      lastCount = spanCount;
      sinceMs = nowMs;
    }
    return sinceMs;
  };
}

export interface SettleCheck {
  /** Services the trace must hold (an order placed in the browser: browser, web, user API). */
  expectedServices: readonly string[];
  /** For how long the span count has been what it is now. */
  unchangedForMs: number;
}

/**
 * Whether the view can stop waiting: the trace is whole (or continues a remote caller), every
 * expected service has reported, no answered call still waits for its callee's spans, and the span
 * count has held still for a quiet period (services export on their own schedules).
 */
export function isSettledTrace(spans: readonly TraceSpan[], { expectedServices, unchangedForMs }: SettleCheck): boolean {
  const health = traceHealth(spans);
  return (
    spans.length > 0 &&
    (health.whole || health.continuesRemoteCaller) &&
    expectedServices.every((service) => health.services.includes(service)) &&
    unchangedForMs >= QUIET_PERIOD_MS &&
    (callsWithoutCalleeSpans(spans).length === 0 || unchangedForMs >= UNTRACED_CALLEE_GRACE_MS)
  );
}
