import type { JaegerKeyValue, JaegerTrace } from './jaeger-api';

/** One span of a stored trace, flattened from Jaeger's shape into what the questions below need. */
export interface TraceSpan {
  spanId: string;
  /** The CHILD_OF parent's span ID, if the span says it has one (it may be missing from the trace). */
  parentSpanId: string | undefined;
  service: string;
  name: string;
  kind: string;
  /** `ERROR`, `OK` or `UNSET`. */
  status: string;
  attributes: Record<string, unknown>;
  startMicros: number;
  durationMicros: number;
  events: { name: string; attributes: Record<string, unknown> }[];
}

/** The shape of a trace: what makes it whole or broken. */
export interface TraceShape {
  roots: TraceSpan[];
  /** Spans whose parent is named but absent: the hop where context was lost or spans were dropped. */
  orphans: TraceSpan[];
  services: string[];
  spanCount: number;
}

export function toTraceSpans(trace: JaegerTrace): TraceSpan[] {
  return trace.spans.map((span) => {
    const attributes = keyValues(span.tags);
    const parent = span.references.find((reference) => reference.refType === 'CHILD_OF');
    return {
      spanId: span.spanID,
      parentSpanId: parent?.spanID,
      service: trace.processes[span.processID]?.serviceName ?? 'unknown',
      name: span.operationName,
      kind: typeof attributes['span.kind'] === 'string' ? (attributes['span.kind'] as string) : 'internal',
      status: typeof attributes['otel.status_code'] === 'string' ? (attributes['otel.status_code'] as string) : 'UNSET',
      attributes,
      startMicros: span.startTime,
      durationMicros: span.duration,
      events: (span.logs ?? []).map((log) => {
        const fields = keyValues(log.fields);
        return { name: typeof fields.event === 'string' ? fields.event : 'event', attributes: fields };
      }),
    };
  });
}

export function analyseTrace(spans: readonly TraceSpan[]): TraceShape {
  const ids = new Set(spans.map((span) => span.spanId));
  return {
    roots: spans.filter((span) => span.parentSpanId === undefined),
    orphans: spans.filter((span) => span.parentSpanId !== undefined && !ids.has(span.parentSpanId)),
    services: [...new Set(spans.map((span) => span.service))].sort(),
    spanCount: spans.length,
  };
}

/** Whole means: exactly one root, and every other span's parent is in the trace. */
export function isWholeTrace(shape: TraceShape): boolean {
  return shape.roots.length === 1 && shape.orphans.length === 0;
}

export function parentOf(span: TraceSpan, spans: readonly TraceSpan[]): TraceSpan | undefined {
  return span.parentSpanId === undefined ? undefined : spans.find((candidate) => candidate.spanId === span.parentSpanId);
}

/** True when `ancestor` is on the path from `span` up to its root. */
export function isDescendantOf(span: TraceSpan, ancestor: TraceSpan, spans: readonly TraceSpan[]): boolean {
  const seen = new Set<string>();
  for (let current = parentOf(span, spans); current && !seen.has(current.spanId); current = parentOf(current, spans)) {
    if (current.spanId === ancestor.spanId) return true;
    seen.add(current.spanId);
  }
  return false;
}

/** "service: operation" lines, indented by parent, children in start order; orphans listed as extra roots. */
export function renderTraceTree(spans: readonly TraceSpan[]): string {
  const ids = new Set(spans.map((span) => span.spanId));
  const children = new Map<string, TraceSpan[]>();
  const tops: TraceSpan[] = [];
  for (const span of spans) {
    if (span.parentSpanId !== undefined && ids.has(span.parentSpanId)) {
      const siblings = children.get(span.parentSpanId) ?? [];
      siblings.push(span);
      children.set(span.parentSpanId, siblings);
    } else {
      tops.push(span);
    }
  }
  const byStart = (a: TraceSpan, b: TraceSpan) => a.startMicros - b.startMicros;
  const lines: string[] = [];
  const visit = (span: TraceSpan, depth: number) => {
    const marks = [span.status === 'ERROR' ? ' [error]' : '', span.parentSpanId !== undefined && depth === 0 ? ' [missing parent]' : ''];
    lines.push(`${'  '.repeat(depth)}${span.service}: ${span.name}${marks.join('')}`);
    (children.get(span.spanId) ?? []).sort(byStart).forEach((child) => visit(child, depth + 1));
  };
  tops.sort(byStart).forEach((span) => visit(span, 0));
  return lines.join('\n');
}

function keyValues(pairs: readonly JaegerKeyValue[]): Record<string, unknown> {
  return Object.fromEntries(pairs.map((pair) => [pair.key, pair.value]));
}
