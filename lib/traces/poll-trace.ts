import type { JaegerQueryClient } from './jaeger-api';
import { QUIET_PERIOD_MS, spanCountClock } from './trace-health';
import { toTraceSpans, type TraceSpan } from './trace-tree';

export interface TracePollOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** How long the span count must hold still once `isReady` holds; see QUIET_PERIOD_MS. */
  quietMs?: number;
}

export interface TracePollResult {
  spans: TraceSpan[];
  /** False when the wait ran out first; `spans` is then the trace as it stood. */
  ready: boolean;
}

/**
 * Polls Jaeger until `isReady` holds and the span count has held still for a quiet period, or the
 * wait runs out (a trace ready just before it still gets its quiet period). Each service exports on
 * its own schedule, so a batch still on its way must not be mistaken for a span that will never
 * come. A query that fails counts as "no spans yet".
 */
export async function pollTrace(
  client: Pick<JaegerQueryClient, 'getTrace'>,
  traceId: string,
  isReady: (spans: TraceSpan[]) => boolean,
  { timeoutMs, intervalMs = 250, quietMs = QUIET_PERIOD_MS }: TracePollOptions,
): Promise<TracePollResult> {
  const deadline = Date.now() + timeoutMs;
  let spans: TraceSpan[] = [];
  const countSeenSince = spanCountClock();
  // A trace that became ready just before the deadline still gets its quiet period.
  for (let ready = false; Date.now() < deadline || (ready && Date.now() < deadline + quietMs); ) {
    const trace = await client.getTrace(traceId).catch(() => null);
    spans = trace ? toTraceSpans(trace) : [];
    const now = Date.now();
    const unchangedForMs = now - countSeenSince(spans.length, now);
    ready = spans.length > 0 && isReady(spans);
    if (ready && unchangedForMs >= quietMs) return { spans, ready: true };
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return { spans, ready: false };
}
