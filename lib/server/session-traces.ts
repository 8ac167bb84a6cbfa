import 'server-only';
import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { SERVICE_NAMES } from '@threadline/stack-layout';
import { JaegerQueryClient, toTraceSpans, type JaegerTrace } from '@threadline/traces';
import { shopConfig } from './config';

/** How far back, and how many: a visit's list stays one quick query. */
export const SESSION_LOOKBACK_MS = 60 * 60 * 1000;
export const SESSION_TRACE_LIMIT = 50;

/** One trace of a visit, as the session page lists it. */
export interface SessionTrace {
  traceId: string;
  /** What started it: the root's name (`page load /`, `click Place order`, …). */
  startedBy: string;
  failed: boolean;
  startMicros: number;
  durationMicros: number;
  spanCount: number;
  services: string[];
}

/**
 * Every trace of one visit in the last hour, newest first, found in Jaeger by the `session.id` on its
 * browser spans (the relay writes it from the visit's cookie, whatever the page claims).
 * `sessionIds`: the visit's, then the one it replaced. The caller checks the visit is the visitor's own.
 */
export async function listSessionTraces(sessionIds: readonly string[], nowMs = Date.now()): Promise<SessionTrace[]> {
  const client = new JaegerQueryClient(shopConfig().jaegerQueryUrl);
  // Reading Jaeger is plumbing, not part of the page's trace.
  const perSession = await context.with(suppressTracing(context.active()), () =>
    Promise.all(
      sessionIds.map((sessionId) =>
        client.findTraces({
          service: SERVICE_NAMES.browser,
          tags: { 'session.id': sessionId },
          startMicros: (nowMs - SESSION_LOOKBACK_MS) * 1000,
          limit: SESSION_TRACE_LIMIT,
        }),
      ),
    ),
  );
  const unique = new Map(perSession.flat().map((trace) => [trace.traceID, trace]));
  return [...unique.values()]
    .map(summariseSessionTrace)
    .sort((a, b) => b.startMicros - a.startMicros)
    .slice(0, SESSION_TRACE_LIMIT);
}

export function summariseSessionTrace(trace: JaegerTrace): SessionTrace {
  const spans = toTraceSpans(trace);
  const ids = new Set(spans.map((span) => span.spanId));
  const roots = spans.filter((span) => span.parentSpanId === undefined || !ids.has(span.parentSpanId));
  const first = [...roots].sort((a, b) => a.startMicros - b.startMicros)[0] ?? spans[0];
  const start = Math.min(...spans.map((span) => span.startMicros));
  const end = Math.max(...spans.map((span) => span.startMicros + span.durationMicros));
  return {
    traceId: trace.traceID,
    startedBy: first?.name ?? 'unknown',
    failed: spans.some((span) => span.status === 'ERROR'),
    startMicros: start,
    durationMicros: end - start,
    spanCount: spans.length,
    services: [...new Set(spans.map((span) => span.service))].sort(),
  };
}
