import { ApiError } from '@threadline/service-kit';
import { jsonRoute } from '@/lib/server/http/json-route';
import { shopLogger } from '@/lib/server/shop';
import { shopConfig } from '@/lib/server/config';
import { assertMayReadTrace } from '@/lib/server/trace-access';
import { isTraceId, JaegerQueryClient, toTraceSpans } from '@threadline/traces';

export const dynamic = 'force-dynamic';

/** A trace of the caller's visit as the shop's trace view draws it, read from Jaeger by the server so Jaeger stays private. */
export function GET(request: Request, { params }: { params: Promise<{ traceId: string }> }): Promise<Response> {
  return jsonRoute({ route: '/api/traces/[traceId]', request, logger: shopLogger }, async () => {
    const { traceId } = await params;
    if (!isTraceId(traceId)) throw new ApiError(400, 'invalid_trace_id', 'A trace ID is 32 lowercase hexadecimal characters.');
    await assertMayReadTrace((name) => request.headers.get(name), traceId);
    let trace;
    try {
      trace = await new JaegerQueryClient(shopConfig().jaegerQueryUrl).getTrace(traceId);
    } catch (error) {
      throw new ApiError(502, 'jaeger_unavailable', 'Jaeger is not reachable, so the trace cannot be shown right now.', {
        cause: error,
      });
    }
    // Not stored yet is what a trace of a moment ago usually is: an answer, not an error, with no spans.
    return Response.json({ traceId, spans: trace ? toTraceSpans(trace) : [] });
  });
}
