import { isSpanContextValid, trace } from '@opentelemetry/api';
import pino, { type Logger } from 'pino';

/**
 * Structured JSON logs. Every line written while a span is active carries `trace_id` and `span_id`
 * (the OpenTelemetry log field names), so a log line leads to its trace and back. Lines are written
 * asynchronously (a synchronous write per request cost a sixth of the user API's CPU under load) and
 * flushed when the process exits.
 *
 * A mixin rather than @opentelemetry/instrumentation-pino: that patches pino through require hooks,
 * which miss a logger created before tracing starts and pino as Next.js loads it for the web tier.
 */
export function createLogger(service: string): Logger {
  const destination = pino.destination({ sync: false });
  process.once('exit', () => {
    try {
      destination.flushSync();
    } catch {
      // Nothing written yet, or stdout already closed: nothing left to save.
    }
  });
  return pino(
    {
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin() {
        const spanContext = trace.getActiveSpan()?.spanContext();
        if (!spanContext || !isSpanContextValid(spanContext)) return {};
        return {
          trace_id: spanContext.traceId,
          span_id: spanContext.spanId,
          trace_flags: `0${spanContext.traceFlags.toString(16)}`,
        };
      },
    },
    destination,
  );
}
