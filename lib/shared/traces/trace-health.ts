import { analyseTrace, type TraceSpan } from './trace-tree';
import { continuesRemoteCaller, isWholeTrace } from './trace-wholeness';

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
 * How long the span set must hold still before a wait for it stops (the view's, the doctor's, the
 * tests'). Each service exports on its own batch schedule (500 ms by default), so one unchanged poll
 * proves nothing; this spans two.
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
 * the clock behind QUIET_PERIOD_MS that pollTrace keeps.
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

/** How long the span set must hold still before a wait for it ends. */
export interface SettleTiming {
  /** See QUIET_PERIOD_MS. */
  quietMs: number;
  /** See UNTRACED_CALLEE_GRACE_MS. */
  untracedCalleeGraceMs: number;
}

const SETTLE_TIMING: SettleTiming = { quietMs: QUIET_PERIOD_MS, untracedCalleeGraceMs: UNTRACED_CALLEE_GRACE_MS };

/**
 * Whether the spans have stopped arriving: the count has held still for the quiet period, and for
 * the longer grace while an answered call still has no callee spans under it.
 */
export function hasStoppedArriving(
  spans: readonly TraceSpan[],
  unchangedForMs: number,
  { quietMs, untracedCalleeGraceMs }: SettleTiming = SETTLE_TIMING,
): boolean {
  return unchangedForMs >= quietMs && (callsWithoutCalleeSpans(spans).length === 0 || unchangedForMs >= untracedCalleeGraceMs);
}

/**
 * What the view calls complete: whole, or continuing a caller that exports elsewhere (an API
 * client's order), with every expected service reported.
 */
export function isCompleteTrace(spans: readonly TraceSpan[], expectedServices: readonly string[]): boolean {
  return isWholeTrace(analyseTrace(spans), { expectedServices, acceptRemoteCaller: true });
}

export interface SettleCheck {
  /** Services the trace must hold (an order placed in the browser: browser, web, user API). */
  expectedServices: readonly string[];
  /** For how long the span count has been what it is now. */
  unchangedForMs: number;
}

/**
 * Whether the view can stop waiting: the trace is complete (see isCompleteTrace) and its spans have
 * stopped arriving (services export on their own schedules). pollTrace applies the same two steps.
 */
export function isSettledTrace(spans: readonly TraceSpan[], { expectedServices, unchangedForMs }: SettleCheck): boolean {
  return isCompleteTrace(spans, expectedServices) && hasStoppedArriving(spans, unchangedForMs);
}
