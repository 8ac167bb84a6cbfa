import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';

/**
 * The document-load instrumentation makes a `resourceFetch` span for every resource the page has
 * fetched when it runs, also those fetched after the page had loaded (the lazy tracing chunk itself),
 * and those the browser took from its cache, in no time. The first are not part of the load: under
 * the page-load span they would sit outside it. The second show nothing but a bar of zero length,
 * which Jaeger flags as a negative duration. Both are left out, here, where the page load and its
 * resources arrive together (they end in one tick).
 */
export function withoutResourcesAfterLoad(spans: readonly ReadableSpan[]): ReadableSpan[] {
  const loadEnds = new Map(
    spans.filter((span) => span.name.startsWith('page load ')).map((span) => [span.spanContext().spanId, span.endTime]),
  );
  return spans.filter((span) => {
    if (span.name !== 'resourceFetch') return true;
    if (!isLater(span.endTime, span.startTime)) return false;
    const loadEnd = loadEnds.get(span.parentSpanContext?.spanId ?? '');
    return loadEnd === undefined || !isLater(span.endTime, loadEnd);
  });
}

function isLater(a: readonly [number, number], b: readonly [number, number]): boolean {
  return a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);
}

export class PageLoadResourcesExporter implements SpanExporter {
  constructor(private readonly inner: SpanExporter) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.inner.export(withoutResourcesAfterLoad(spans), done);
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}
