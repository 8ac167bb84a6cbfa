import {
  createContextKey,
  isSpanContextValid,
  SpanKind,
  type Context,
  type SpanContext,
  type TextMapGetter,
  type TextMapPropagator,
} from '@opentelemetry/api';
import { NoopSpanProcessor, type Span } from '@opentelemetry/sdk-trace-base';

/**
 * Where the shop's request edge puts a caller's `traceparent` it did not let the request continue
 * (lib/server/http/trace-continuation.ts). The request starts a trace of its own, and its server
 * span links to the caller's, so the caller's context is kept without the caller joining anyone's trace.
 */
export const LINKED_TRACEPARENT_HEADER = 'x-threadline-linked-traceparent';

const CALLER_CONTEXT = createContextKey('threadline.caller-span-context');
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** Reads the header into the extracted context; injects nothing (the header never leaves the shop). */
export class CallerLinkPropagator implements TextMapPropagator {
  inject(): void {}

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    const raw = getter.get(carrier, LINKED_TRACEPARENT_HEADER);
    const match = TRACEPARENT.exec((Array.isArray(raw) ? raw[0] : raw)?.trim() ?? '');
    if (!match) return context;
    const caller: SpanContext = {
      traceId: match[1]!,
      spanId: match[2]!,
      traceFlags: Number.parseInt(match[3]!, 16) & 1,
      isRemote: true,
    };
    return isSpanContextValid(caller) ? context.setValue(CALLER_CONTEXT, caller) : context;
  }

  fields(): string[] {
    return [];
  }
}

/** Links the server span that starts such a request's trace to the caller's span. */
export class CallerLinkProcessor extends NoopSpanProcessor {
  override onStart(span: Span, parentContext: Context): void {
    if (span.kind !== SpanKind.SERVER || span.parentSpanContext !== undefined) return;
    const caller = parentContext.getValue(CALLER_CONTEXT) as SpanContext | undefined;
    if (caller) span.addLink({ context: caller, attributes: { 'threadline.link.reason': 'untrusted_caller' } });
  }
}
