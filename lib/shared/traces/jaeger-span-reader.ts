import type { JaegerQueryClient } from './jaeger-api';
import type { TraceSpanReader } from './poll-trace';
import { toTraceSpans } from './trace-tree';

/** Reads a trace straight from Jaeger's query API, for the Node tools (the browser goes through the shop). */
export function jaegerSpanReader(client: Pick<JaegerQueryClient, 'getTrace'>, traceId: string): TraceSpanReader {
  return async () => {
    const trace = await client.getTrace(traceId);
    return trace ? toTraceSpans(trace) : [];
  };
}
