import { SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';

/** Marks a span as failed with the error as an exception event and its type in `error.type`. */
export function recordError(error: unknown, span: Span | undefined = trace.getActiveSpan()): void {
  if (!span) return;
  const exception = error instanceof Error ? error : new Error(String(error));
  span.recordException(exception);
  span.setAttribute(ATTR_ERROR_TYPE, exception.name);
  span.setStatus({ code: SpanStatusCode.ERROR, message: exception.message });
}
