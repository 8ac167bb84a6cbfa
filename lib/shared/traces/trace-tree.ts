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
  /** Span links: other spans, often in other traces, this one relates to (a retry's original, say). */
  links?: { traceId: string; spanId: string }[];
}

/** The shape of a trace: what makes it whole or broken (judged in trace-wholeness.ts). */
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
    // Jaeger keeps the parent as the one CHILD_OF reference and every span link as another reference.
    const links = span.references.filter((reference) => reference !== parent);
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
      ...(links.length > 0 ? { links: links.map((link) => ({ traceId: link.traceID, spanId: link.spanID })) } : {}),
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

/** A span in display order: depth-first from each top span, children by start time. */
export interface OrderedSpan {
  span: TraceSpan;
  depth: number;
  /** The span names a parent that is not in the trace, so it is shown at the top level. */
  missingParent: boolean;
}

/**
 * Orders spans as a tree for display. Spans whose parent is absent start their own subtree, marked;
 * spans caught in a parent cycle (malformed data) are still shown, at the end, never dropped.
 */
export function orderSpansAsTree(spans: readonly TraceSpan[]): OrderedSpan[] {
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
  const ordered: OrderedSpan[] = [];
  const visited = new Set<string>();
  const visit = (top: TraceSpan) => {
    const stack: { span: TraceSpan; depth: number }[] = [{ span: top, depth: 0 }];
    while (stack.length > 0) {
      const { span, depth } = stack.pop()!;
      if (visited.has(span.spanId)) continue;
      visited.add(span.spanId);
      ordered.push({ span, depth, missingParent: depth === 0 && span.parentSpanId !== undefined && !ids.has(span.parentSpanId) });
      const kids = [...(children.get(span.spanId) ?? [])].sort(byStart).reverse();
      for (const kid of kids) stack.push({ span: kid, depth: depth + 1 });
    }
  };
  [...tops].sort(byStart).forEach(visit);
  [...spans]
    .sort(byStart)
    .filter((span) => !visited.has(span.spanId))
    .forEach(visit);
  return ordered;
}

/** "service: operation" lines, indented by parent, with errors and missing parents marked. */
export function renderTraceTree(spans: readonly TraceSpan[]): string {
  return orderSpansAsTree(spans)
    .map(({ span, depth, missingParent }) => {
      const marks = (span.status === 'ERROR' ? ' [error]' : '') + (missingParent ? ' [missing parent]' : '');
      return `${'  '.repeat(depth)}${span.service}: ${span.name}${marks}`;
    })
    .join('\n');
}

function keyValues(pairs: readonly JaegerKeyValue[]): Record<string, unknown> {
  return Object.fromEntries(pairs.map((pair) => [pair.key, pair.value]));
}
