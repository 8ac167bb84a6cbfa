import { SpanKind, SpanStatusCode, type SpanStatus } from '@opentelemetry/api';
import { NoopSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { isHttpErrorStatus } from './http-span-status';

/**
 * Next.js marks its request span as failed only when a handler throws, not when it answers 5xx, but
 * the HTTP conventions call any 5xx server span an error. This processor sets that status when the
 * span ends. (@vercel/otel's processor chain has no onEnding hook, so, like @vercel/otel itself, it
 * adjusts the finished span; it must come before the export processor in the list.)
 */
export class ServerErrorStatusProcessor extends NoopSpanProcessor {
  override onEnd(span: ReadableSpan): void {
    if (span.kind !== SpanKind.SERVER || span.status.code !== SpanStatusCode.UNSET) return;
    const status = span.attributes['http.response.status_code'] ?? span.attributes['http.status_code'];
    if (typeof status === 'number' && isHttpErrorStatus(SpanKind.SERVER, status)) {
      (span as { status: SpanStatus }).status = { code: SpanStatusCode.ERROR, message: `answered ${status}` };
    }
  }
}
