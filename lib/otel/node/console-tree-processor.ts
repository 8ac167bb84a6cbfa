import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { NoopSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { formatDuration, renderTraceTree, type TraceSpan } from '@threadline/traces';

/** Traces kept while waiting for their local root; the oldest go first past this many. */
const MAX_OPEN_TRACES = 500;

/**
 * For working without Jaeger (THREADLINE_CONSOLE_TRACES=true): prints each finished local trace as a
 * compact indented tree once its local root span (one with no parent in this process) ends.
 */
export class ConsoleTreeProcessor extends NoopSpanProcessor {
  private readonly open = new Map<string, ReadableSpan[]>();

  constructor(
    private readonly serviceName: string,
    private readonly write: (text: string) => void = (text) => console.log(text),
  ) {
    super();
  }

  override onEnd(span: ReadableSpan): void {
    const { traceId } = span.spanContext();
    const spans = this.open.get(traceId) ?? [];
    spans.push(span);
    this.open.set(traceId, spans);
    const parent = span.parentSpanContext;
    if (parent && !parent.isRemote) {
      if (this.open.size > MAX_OPEN_TRACES) this.open.delete(this.open.keys().next().value!);
      return;
    }
    this.open.delete(traceId);
    const tree = renderTraceTree(spans.map((ended) => toTraceSpan(ended, this.serviceName)));
    this.write(`[trace ${traceId}] ${formatDuration(toMicros(span.duration))}\n${indent(tree)}`);
  }

  override shutdown(): Promise<void> {
    this.open.clear();
    return Promise.resolve();
  }
}

function toTraceSpan(span: ReadableSpan, service: string): TraceSpan {
  const parent = span.parentSpanContext;
  return {
    spanId: span.spanContext().spanId,
    // A remote parent lives in another process: here it is the start of the local tree, not a gap.
    parentSpanId: parent && !parent.isRemote ? parent.spanId : undefined,
    service,
    name: `${span.name} (${formatDuration(toMicros(span.duration))})`,
    kind: SpanKind[span.kind].toLowerCase(),
    status: SpanStatusCode[span.status.code],
    attributes: { ...span.attributes },
    startMicros: toMicros(span.startTime),
    durationMicros: toMicros(span.duration),
    events: [],
  };
}

function toMicros([seconds, nanos]: [number, number]): number {
  return seconds * 1e6 + nanos / 1e3;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
