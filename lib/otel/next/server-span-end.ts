import diagnosticsChannel from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SpanKind, type HrTime, type TimeInput } from '@opentelemetry/api';
import { addHrTimes, hrTimeToNanoseconds, isTimeInputHrTime, millisToHrTime } from '@opentelemetry/core';
import { NoopSpanProcessor, type Span } from '@opentelemetry/sdk-trace-base';

/**
 * Next.js ends its request span when its handler's promise settles, which can come milliseconds
 * after the answer's last byte has gone (work after the response, a garbage collection): a server
 * span that outlasts the browser's fetch span it answers, which Jaeger flags as clock skew. The
 * HTTP conventions end a server span when the response is sent, so a continued request's span ends
 * no later than that: its start plus the time from the request's arrival to the response's finish
 * (a bound a little past the finish, since the span starts after the request arrives; never before).
 *
 * Only requests that continue a caller's sampled trace are watched: a root span has no parent for
 * Jaeger to hold it against.
 */
const RESPONSE_DURATIONS = new Map<string, number>();
/** Bounds the map should spans never claim their entries (a span dropped by the sampler, say). */
const MAX_WATCHED = 1000;

/** The key of a continued request's server span: its trace and its remote parent. */
function keyOf(traceId: string, parentSpanId: string): string {
  return `${traceId}:${parentSpanId}`;
}

/** Records, for each request that continues a sampled trace, how long its response took to finish. */
export function watchResponseEnds(): void {
  const holder = globalThis as { [WATCHING]?: boolean };
  if (holder[WATCHING]) return;
  holder[WATCHING] = true;
  // Subscribed after the request edge, which has by then settled which traceparent stands.
  diagnosticsChannel.subscribe('http.server.request.start', (message) => {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
    const parts = typeof request.headers.traceparent === 'string' ? request.headers.traceparent.split('-') : [];
    if (parts.length !== 4 || !parts[3]!.endsWith('1')) return;
    const key = keyOf(parts[1]!, parts[2]!);
    const arrivedMs = performance.now();
    response.once('finish', () => {
      if (RESPONSE_DURATIONS.size >= MAX_WATCHED) RESPONSE_DURATIONS.delete(RESPONSE_DURATIONS.keys().next().value!);
      RESPONSE_DURATIONS.set(key, performance.now() - arrivedMs);
    });
  });
}

const WATCHING = Symbol.for('threadline.web.response-ends');

/** Ends each watched server span no later than its response finished (see above). */
export class ServerSpanEndProcessor extends NoopSpanProcessor {
  override onStart(span: Span): void {
    const parent = span.parentSpanContext;
    if (span.kind !== SpanKind.SERVER || !parent?.isRemote) return;
    const key = keyOf(span.spanContext().traceId, parent.spanId);
    const end = span.end.bind(span);
    span.end = (endTime?: TimeInput) => {
      const durationMs = RESPONSE_DURATIONS.get(key);
      RESPONSE_DURATIONS.delete(key);
      end(
        endTime !== undefined && durationMs !== undefined
          ? earlier(endTime, addHrTimes(span.startTime, millisToHrTime(durationMs)))
          : endTime,
      );
    };
  }
}

/** The earlier of an end time the span was given and the bound; the given one when it cannot be compared. */
function earlier(given: TimeInput, bound: HrTime): TimeInput {
  if (!isTimeInputHrTime(given)) return given;
  return hrTimeToNanoseconds(given) > hrTimeToNanoseconds(bound) ? bound : given;
}
