import 'server-only';
import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { SERVICE_NAMES } from '@threadline/otel-common';
import { JaegerQueryClient, toTraceSpans, type JaegerTrace } from '@threadline/traces';
import { shopConfig } from './config';

/** How far back, and how many: a visit's list stays one quick query. */
export const SESSION_LOOKBACK_MS = 60 * 60 * 1000;
export const SESSION_TRACE_LIMIT = 50;

/** One trace of a visit, as the session page lists it. */
export interface SessionTrace {
  traceId: string;
  /** What started it: the page load, a click (its span's name), or the root's name otherwise. */
  startedBy: string;
  failed: boolean;
  startMicros: number;
  durationMicros: number;
  spanCount: number;
  services: string[];
}

/**
 * Every trace of one browser session in the last hour, newest first, found in Jaeger by the
 * `session.id` the browser puts on its spans. The caller checks the session is the visitor's own.
 */
export async function listSessionTraces(sessionId: string, nowMs = Date.now()): Promise<SessionTrace[]> {
  const client = new JaegerQueryClient(shopConfig().jaegerQueryUrl);
  // Reading Jaeger is plumbing, not part of the page's trace.
  const traces = await context.with(suppressTracing(context.active()), () =>
    client.findTraces({
      service: SERVICE_NAMES.browser,
      tags: { 'session.id': sessionId },
      startMicros: (nowMs - SESSION_LOOKBACK_MS) * 1000,
      limit: SESSION_TRACE_LIMIT,
    }),
  );
  return traces.map(summariseSessionTrace).sort((a, b) => b.startMicros - a.startMicros);
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
    startedBy: spans.some((span) => span.name === 'documentLoad') ? 'page load' : (first?.name ?? 'unknown'),
    failed: spans.some((span) => span.status === 'ERROR'),
    startMicros: start,
    durationMicros: end - start,
    spanCount: spans.length,
    services: [...new Set(spans.map((span) => span.service))].sort(),
  };
}
