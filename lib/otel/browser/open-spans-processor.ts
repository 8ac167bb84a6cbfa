import type { Context } from '@opentelemetry/api';
import { NoopSpanProcessor, type ReadableSpan, type Span } from '@opentelemetry/sdk-trace';

/**
 * Keeps the spans that have started and not yet ended, so that a page being unloaded can end them
 * and send them instead of losing them. The fetch instrumentation ends its span about 300 ms after
 * the response (it waits for resource timing); a person who leaves within that window would
 * otherwise leave a trace whose server half has no browser parent.
 */
export class OpenSpansProcessor extends NoopSpanProcessor {
  private readonly open = new Set<Span>();

  override onStart(span: Span, _parentContext: Context): void {
    this.open.add(span);
  }

  override onEnd(span: ReadableSpan): void {
    this.open.delete(span as Span);
  }

  /** Ends every open span now, marked so that nobody mistakes its cut-short duration for the real one. */
  endOpenSpans(reason: string): void {
    for (const span of [...this.open]) {
      span.setAttribute('threadline.span.ended_early', reason);
      span.end();
    }
  }

  override shutdown(): Promise<void> {
    this.open.clear();
    return Promise.resolve();
  }
}
