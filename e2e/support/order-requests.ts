import { expect, type APIRequestContext, type APIResponse } from '@playwright/test';
import { newTraceparent, visitOf } from './trace-ids';

export const SAMPLE_ORDER = { userId: '1', items: [{ sku: 'TL-MUG', quantity: 1 }] };

export interface SentOrder {
  response: APIResponse;
  traceId: string;
  parentSpanId: string;
  elapsedMs: number;
}

/**
 * POSTs an order as a visit of its own (the request context's cookie jar) would, with a traceparent
 * of that visit's, so the shop continues its trace; timing the answer.
 */
export async function postOrder(
  request: APIRequestContext,
  baseUrl: string,
  { body = SAMPLE_ORDER as unknown, headers = {} as Record<string, string> } = {},
): Promise<SentOrder> {
  const traceparent = newTraceparent((await visitOf(request, baseUrl)).traceIdPrefix);
  const started = Date.now();
  const response = await request.post(`${baseUrl}/api/orders`, {
    headers: { traceparent: traceparent.header, ...headers },
    data: body,
    failOnStatusCode: false,
  });
  return { response, traceId: traceparent.traceId, parentSpanId: traceparent.spanId, elapsedMs: Date.now() - started };
}

/**
 * Places one untimed order. The first order of a freshly started shop pays for cold caches, module
 * loading and a new database, with or without tracing; tests that time orders place this one first.
 */
export async function warmUp(request: APIRequestContext, baseUrl: string): Promise<void> {
  expect((await postOrder(request, baseUrl)).response.status()).toBe(201);
}
