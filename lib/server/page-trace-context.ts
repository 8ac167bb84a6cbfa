import 'server-only';
import { isSpanContextValid, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { SamplingDecision, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-base';
import { formatTraceResponse } from '@threadline/otel-node';

/**
 * The `traceparent` a page hands to its own document-load spans, so that the browser's page load
 * continues the server span that rendered it: one trace from the request to the page being ready.
 * The document-load instrumentation reads it from `<meta name="traceparent">` by itself.
 *
 * A meta tag, rather than a `traceparent` in Server-Timing or a `traceresponse` header: it is
 * rendered into this one response by the server that knows the span, so no cache or proxy in
 * between can strip it, and no other request can see it.
 *
 * Only a recorded, sampled span is handed on, and only for the share of visits whose browser part
 * is traced (BROWSER_TRACES_SAMPLER_ARG, decided by trace ID as the ratio samplers do); otherwise the
 * page starts its own trace, under its own sampling, as before.
 */
export function pageTraceparent(browserTraceRatio: number): string | undefined {
  const span = trace.getActiveSpan();
  const spanContext = span?.spanContext();
  if (!span?.isRecording() || !spanContext || !isSpanContextValid(spanContext)) return undefined;
  if ((spanContext.traceFlags & TraceFlags.SAMPLED) === 0) return undefined;
  const browserShare = new TraceIdRatioBasedSampler(browserTraceRatio).shouldSample(ROOT_CONTEXT, spanContext.traceId);
  if (browserShare.decision !== SamplingDecision.RECORD_AND_SAMPLED) return undefined;
  return formatTraceResponse(spanContext);
}
