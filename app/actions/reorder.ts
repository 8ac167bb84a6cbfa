'use server';

import { isSpanContextValid, trace, TraceFlags } from '@opentelemetry/api';
import { ApiError } from '@threadline/service-kit';
import { currentVisit, visitIdsOf } from '@/lib/server/visit';
import { reorder, shopLogger } from '@/lib/server/shop';
import type { Order } from '@/lib/shared/model';

export type ReorderResult =
  { ok: true; order: Order; traceSampled: boolean } | { ok: false; code: string; message: string; traceId: string | undefined };

/**
 * "Order again", as a Server Action: the App Router's own way to change data, the second way to
 * order beside POST /api/orders. Its request continues the click's trace like any other (the page
 * sends traceparent with it), so the click, this action and the user API are one trace.
 */
export async function orderAgain(orderId: string): Promise<ReorderResult> {
  const spanContext = trace.getActiveSpan()?.spanContext();
  const traceId = spanContext && isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
  try {
    const order = await reorder(orderId, visitIdsOf(await currentVisit()));
    return { ok: true, order, traceSampled: Boolean(spanContext && spanContext.traceFlags & TraceFlags.SAMPLED) };
  } catch (error) {
    if (error instanceof ApiError) {
      trace.getActiveSpan()?.setAttribute('error.type', error.code);
      return { ok: false, code: error.code, message: error.message, traceId };
    }
    shopLogger.error({ err: error }, 'unhandled error in the order-again action');
    return { ok: false, code: 'internal_error', message: 'Something went wrong on our side. Please try again.', traceId };
  }
}
