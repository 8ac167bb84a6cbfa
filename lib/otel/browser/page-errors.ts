import { ROOT_CONTEXT, SpanStatusCode, type Tracer } from '@opentelemetry/api';

/** Where a page error was caught: the window's handlers, or the React error boundary around the shop. */
export type PageErrorSource = 'window.error' | 'unhandledrejection' | 'react.error_boundary';

/**
 * Records an error the person's page ran into as a `browser error` span of its own, with the error
 * as an exception event (exception.type, exception.message, exception.stacktrace, as the semantic
 * conventions name them) and error status. The exporter redacts it like every other span.
 */
export function recordPageError(tracer: Tracer, error: unknown, source: PageErrorSource, componentStack?: string): void {
  const span = tracer.startSpan(
    'browser error',
    { attributes: { 'threadline.error.source': source, 'url.path': location.pathname } },
    ROOT_CONTEXT,
  );
  const exception = error instanceof Error ? error : new Error(describeThrown(error));
  span.recordException(exception);
  span.setAttribute('error.type', exception.name || 'Error');
  if (componentStack) span.setAttribute('threadline.react.component_stack', componentStack.slice(0, 2000));
  span.setStatus({ code: SpanStatusCode.ERROR, message: exception.message });
  span.end();
}

/** Something thrown that is not an Error (a string, an object): its text, bounded. */
function describeThrown(thrown: unknown): string {
  if (typeof thrown === 'string') return thrown.slice(0, 500);
  try {
    return JSON.stringify(thrown)?.slice(0, 500) ?? String(thrown);
  } catch {
    return String(thrown);
  }
}
